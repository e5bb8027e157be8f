package io.devicetrail.localservices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

class LocalS3Test {

  @TempDir Path dir;

  @Test
  void aSignedPutIsReadBackBySignedGetAndKeptAsAFile() throws Exception {
    try (LocalS3 s3 = LocalS3.start(dir, "archive");
        S3Client client = client(s3, s3.secretKey())) {
      client.putObject(
          put -> put.bucket("archive").key("signal/date=2026-11-26/part-0.parquet"),
          RequestBody.fromString("parquet bytes"));

      String read =
          client
              .getObjectAsBytes(
                  get -> get.bucket("archive").key("signal/date=2026-11-26/part-0.parquet"))
              .asUtf8String();

      assertThat(read).isEqualTo("parquet bytes");
      assertThat(s3.objectsDir().resolve("archive/signal/date=2026-11-26/part-0.parquet"))
          .hasContent("parquet bytes");
    }
  }

  @Test
  void aRequestSignedWithAWrongSecretIsRefused() throws Exception {
    try (LocalS3 s3 = LocalS3.start(dir, "archive");
        S3Client impostor = client(s3, "not-the-secret")) {
      assertThatThrownBy(
              () ->
                  impostor.putObject(
                      put -> put.bucket("archive").key("intruder"), RequestBody.fromString("x")))
          .isInstanceOfSatisfying(
              S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
      assertThat(s3.objectsDir().resolve("archive/intruder")).doesNotExist();
    }
  }

  @Test
  void anUnsignedRequestIsRefused() throws Exception {
    try (LocalS3 s3 = LocalS3.start(dir, "archive")) {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(s3.endpoint() + "/archive/")).GET().build(),
                  HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(403);
    }
  }

  @Test
  void aRestartOnTheSameDataDirKeepsObjectsCredentialsAndPort() throws Exception {
    int port;
    String secret;
    try (LocalS3 first = LocalS3.start(dir, "archive");
        S3Client client = client(first, first.secretKey())) {
      client.putObject(put -> put.bucket("archive").key("kept"), RequestBody.fromString("v1"));
      port = first.port();
      secret = first.secretKey();
    }

    try (LocalS3 second = LocalS3.start(dir, "archive");
        S3Client client = client(second, secret)) {
      assertThat(second.port()).isEqualTo(port);
      assertThat(client.getObjectAsBytes(get -> get.bucket("archive").key("kept")).asUtf8String())
          .isEqualTo("v1");
    }
  }

  @Test
  void theCredentialsFileIsReadableByItsOwnerOnly() throws Exception {
    try (LocalS3 s3 = LocalS3.start(dir, "archive")) {
      assertThat(Files.getPosixFilePermissions(s3.credentialsFile()))
          .map(Object::toString)
          .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
    }
  }

  @Test
  void closeReleasesThePort() throws Exception {
    LocalS3 s3 = LocalS3.start(dir, "archive");
    int port = s3.port();
    assertThat(Leftovers.acceptsConnections(port)).isTrue();

    s3.close();

    assertThat(Leftovers.acceptsConnections(port)).isFalse();
  }

  private static S3Client client(LocalS3 s3, String secret) {
    return S3Client.builder()
        .endpointOverride(URI.create(s3.endpoint()))
        .region(Region.of(LocalS3.REGION))
        .forcePathStyle(true)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKey(), secret)))
        .build();
  }
}
