# devicetrail-maintenance (retention, reconcile, s3-lifecycle): java -jar as a non-root user, with
# flink-s3-fs-hadoop in the plugins folder so that reconcile reads s3:// archives as the job writes them.
# Build context: the repository root, after the Maven build has packaged the jar and copied the plugin:
#   mvn -B -pl maintenance -am package -DskipTests
#   docker build -f maintenance/deploy/maintenance.Dockerfile -t <registry>/devicetrail-maintenance:<version> .
FROM eclipse-temurin:17-jre

RUN groupadd --system --gid 10001 devicetrail \
 && useradd --system --uid 10001 --gid devicetrail --home-dir /nonexistent --no-create-home \
      --shell /usr/sbin/nologin devicetrail

COPY maintenance/target/devicetrail-maintenance.jar /opt/devicetrail/devicetrail-maintenance.jar
COPY maintenance/target/plugins/ /opt/devicetrail/plugins/
ENV FLINK_PLUGINS_DIR=/opt/devicetrail/plugins

USER 10001:10001
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/opt/devicetrail/devicetrail-maintenance.jar"]
