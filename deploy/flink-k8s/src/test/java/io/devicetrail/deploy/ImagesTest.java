package io.devicetrail.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The images the manifests run are the ones the Dockerfiles build, and the Dockerfiles copy the
 * jars the Maven build produces: a renamed jar or a moved path breaks this test, not a rollout.
 */
class ImagesTest {

  static List<String> overlays() {
    return Locations.overlays();
  }

  /**
   * {@code registry.example.com/devicetrail/devicetrail-poller:0.1.0} is built by
   * docker/poller.Dockerfile.
   */
  static Dockerfile dockerfileOf(String image) {
    String withoutDigest = image.split("@")[0];
    String repository =
        withoutDigest.lastIndexOf(':') > withoutDigest.lastIndexOf('/')
            ? withoutDigest.substring(0, withoutDigest.lastIndexOf(':'))
            : withoutDigest;
    String name = repository.substring(repository.lastIndexOf('/') + 1);
    assertThat(name)
        .as("image %s must be one of ours, devicetrail-<deployable>", image)
        .startsWith("devicetrail-");
    return Dockerfile.read(Locations.dockerfile(name.substring("devicetrail-".length())));
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void everyImageCopiesAJarTheBuildProducedAndRunsItAsANumberedNonRootUser(String overlay) {
    List<String> problems = new ArrayList<>();
    for (Workload workload : Kustomize.overlay(overlay).workloads()) {
      Dockerfile dockerfile = dockerfileOf(workload.image());
      BuiltJar jar = BuiltJar.matching(dockerfile.builtJar().source());
      assertThat(jar.path()).exists();
      if (!workload.isFlink()
          && !dockerfile.javaJar().equals(Optional.of(dockerfile.builtJar().destination()))) {
        problems.add(
            dockerfile.path()
                + " runs "
                + dockerfile.javaJar()
                + " but copies the jar to "
                + dockerfile.builtJar().destination());
      }
      long podUser = workload.podSpec().path("securityContext").path("runAsUser").asLong(-1);
      if (dockerfile.userId().isEmpty() || dockerfile.userId().get() == 0) {
        problems.add(
            dockerfile.path()
                + " must end with USER <uid>:<gid>, a number other than 0, not "
                + dockerfile.user());
      } else if (dockerfile.userId().get() != podUser) {
        problems.add(
            workload
                + " runs as user "
                + podUser
                + " but its image's user is "
                + dockerfile.userId().get());
      }
    }
    assertThat(problems).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void everyImageIsPinnedToATag(String overlay) {
    for (Workload workload : Kustomize.overlay(overlay).workloads()) {
      String image = workload.image();
      String tag =
          image.lastIndexOf(':') > image.lastIndexOf('/')
              ? image.substring(image.lastIndexOf(':') + 1)
              : "";
      assertThat(tag)
          .as("tag of %s's image %s (set by the overlay's images:)", workload, image)
          .isNotBlank()
          .isNotEqualTo("latest");
    }
  }

  @Test
  void theJobImageIsTheOfficialFlinkImageOfTheBuildsFlinkVersionWithTheS3Plugin() {
    Dockerfile job = Dockerfile.read(Locations.dockerfile("job"));
    String flink = Locations.flinkVersion();

    assertThat(job.from()).isEqualTo("flink:" + flink + "-java17");
    // Flink's documented way: the jar from opt/ in its own folder under plugins/.
    assertThat(job.runs())
        .anySatisfy(
            run ->
                assertThat(run)
                    .containsPattern(
                        "cp /opt/flink/opt/flink-s3-fs-hadoop-"
                            + Pattern.quote(flink)
                            + "\\.jar /opt/flink/plugins/[a-z0-9-]+/"));
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void theFlinkDeploymentRunsTheJarAndMainClassTheJobImageHolds(String overlay) throws Exception {
    JsonNode job = Kustomize.overlay(overlay).flinkDeployment().path("spec").path("job");
    Dockerfile dockerfile =
        dockerfileOf(
            Kustomize.overlay(overlay).flinkDeployment().path("spec").path("image").asText());
    BuiltJar jar = BuiltJar.matching(dockerfile.builtJar().source());
    String entryClass = job.path("entryClass").asText();

    assertThat(job.path("jarURI").asText())
        .isEqualTo("local://" + dockerfile.builtJar().destination());
    assertThat(jar.mainClass()).isEqualTo(entryClass);
    assertThat(jar.containsClass(entryClass)).as("%s holds %s", jar.path(), entryClass).isTrue();
    assertThat(CommandOptions.hasMainMethod(Class.forName(entryClass)))
        .as("%s has public static void main(String[])", entryClass)
        .isTrue();
  }

  @Test
  void theJobsJarGlobMatchesTheShadedJarOfThisVersion() {
    String source = Dockerfile.read(Locations.dockerfile("job")).builtJar().source();

    assertThat(BuiltJar.matching(source).path().getFileName().toString())
        .isEqualTo("devicetrail-jobs-" + System.getProperty("devicetrail.version") + "-job.jar");
  }
}
