# The poller: java -jar devicetrail-poller.jar as a non-root user.
# Build context: the repository root, after the Maven build has packaged poller/target/devicetrail-poller.jar:
#   mvn -B -pl poller -am package -DskipTests
#   docker build -f deploy/flink-k8s/docker/poller.Dockerfile -t <registry>/devicetrail-poller:<version> .
FROM eclipse-temurin:17-jre

RUN groupadd --system --gid 10001 devicetrail \
 && useradd --system --uid 10001 --gid devicetrail --home-dir /nonexistent --no-create-home \
      --shell /usr/sbin/nologin devicetrail

COPY poller/target/devicetrail-poller.jar /opt/devicetrail/devicetrail-poller.jar

USER 10001:10001
# The heap follows the container's memory limit; an out-of-memory error ends the process so that Kubernetes restarts it.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/opt/devicetrail/devicetrail-poller.jar"]
