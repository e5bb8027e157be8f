# The schema migrations of the support database (devicetrail-migrate), run as a Kubernetes Job before the job starts
# or upgrades: java -jar devicetrail-migrate.jar as a non-root user.
# Build context: the repository root, after the Maven build has packaged sql/target/devicetrail-migrate.jar:
#   mvn -B -pl sql -am package -DskipTests
#   docker build -f deploy/flink-k8s/docker/migrate.Dockerfile -t <registry>/devicetrail-migrate:<version> .
FROM eclipse-temurin:17-jre

RUN groupadd --system --gid 10001 devicetrail \
 && useradd --system --uid 10001 --gid devicetrail --home-dir /nonexistent --no-create-home \
      --shell /usr/sbin/nologin devicetrail

COPY sql/target/devicetrail-migrate.jar /opt/devicetrail/devicetrail-migrate.jar

USER 10001:10001
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/opt/devicetrail/devicetrail-migrate.jar"]
