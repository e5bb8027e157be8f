# The DeviceTrail Flink job for the Flink Kubernetes Operator (application mode).
# Build context: the repository root, after the Maven build has packaged the job jar:
#   mvn -B -pl jobs -am package -DskipTests
#   docker build -f deploy/flink-k8s/docker/job.Dockerfile -t <registry>/devicetrail-job:<version> .
# FLINK_VERSION is the build's flink.version (pom.xml); the deploy module's tests fail if they drift apart.
ARG FLINK_VERSION=2.2.0
FROM flink:${FLINK_VERSION}-java17
ARG FLINK_VERSION

# Checkpoints, savepoints, HA metadata and the Parquet archive live on S3: the s3-fs-hadoop plugin is enabled the
# way Flink documents it, a copy of opt/flink-s3-fs-hadoop-<version>.jar in its own folder under plugins/. It is
# copied here rather than linked at start by ENABLE_BUILT_IN_PLUGINS because the pods' root filesystem is read-only.
RUN mkdir -p /opt/flink/plugins/s3-fs-hadoop \
 && cp /opt/flink/opt/flink-s3-fs-hadoop-${FLINK_VERSION}.jar /opt/flink/plugins/s3-fs-hadoop/

# The shaded job jar: everything but Flink, which this image provides.
# The FlinkDeployment runs it as jarURI local:///opt/flink/usrlib/devicetrail-job.jar.
COPY jobs/target/devicetrail-jobs-*-job.jar /opt/flink/usrlib/devicetrail-job.jar

# The image's own flink user, by number so that Kubernetes can check runAsNonRoot.
USER 9999:9999
