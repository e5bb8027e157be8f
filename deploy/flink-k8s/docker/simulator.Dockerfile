# The vendor API simulator, for staging only (the dev overlay): java -jar devicetrail-simulator.jar as a non-root user.
# Build context: the repository root, after the Maven build has packaged simulator/target/devicetrail-simulator.jar:
#   mvn -B -pl simulator -am package -DskipTests
#   docker build -f deploy/flink-k8s/docker/simulator.Dockerfile -t <registry>/devicetrail-simulator:<version> .
FROM eclipse-temurin:17-jre

RUN groupadd --system --gid 10001 devicetrail \
 && useradd --system --uid 10001 --gid devicetrail --home-dir /nonexistent --no-create-home \
      --shell /usr/sbin/nologin devicetrail

COPY simulator/target/devicetrail-simulator.jar /opt/devicetrail/devicetrail-simulator.jar

USER 10001:10001
EXPOSE 8089
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/opt/devicetrail/devicetrail-simulator.jar"]
