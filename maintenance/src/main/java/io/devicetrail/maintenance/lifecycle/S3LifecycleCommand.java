package io.devicetrail.maintenance.lifecycle;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code devicetrail-maintenance s3-lifecycle}: the raw archive's retention as an S3 lifecycle
 * policy. It prints the policy (or writes it to a file) and the AWS CLI command that applies it:
 * this program reaches S3 only through Flink's file system, which cannot set lifecycle rules, and
 * carries no AWS SDK, so the platform team (or a deploy step with the AWS CLI) applies it.
 */
@Command(
    name = "s3-lifecycle",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpWidth = 110,
    description = {
      "Prints the raw archive's S3 lifecycle policy (colder storage class after 90 days, expiry",
      "after 400) and the AWS CLI command that applies it. It does not call S3 itself."
    })
public final class S3LifecycleCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(S3LifecycleCommand.class);

  @Spec CommandSpec spec;

  @Option(
      names = "--archive-path",
      paramLabel = "S3_URI",
      defaultValue = "${env:DEVICETRAIL_ARCHIVE_PATH:-s3://devicetrail/archive}",
      description =
          "The job's archive path, s3://bucket/prefix: the rule covers every object under the"
              + " prefix (env DEVICETRAIL_ARCHIVE_PATH). Default: ${DEFAULT-VALUE}")
  String archivePath;

  @Option(
      names = "--transition-days",
      paramLabel = "DAYS",
      defaultValue = "${env:DEVICETRAIL_ARCHIVE_TRANSITION_DAYS:-90}",
      description =
          "Move objects to --storage-class this many days after they were written"
              + " (env DEVICETRAIL_ARCHIVE_TRANSITION_DAYS). Default: ${DEFAULT-VALUE}")
  int transitionDays;

  @Option(
      names = "--storage-class",
      paramLabel = "CLASS",
      defaultValue = "${env:DEVICETRAIL_ARCHIVE_STORAGE_CLASS:-STANDARD_IA}",
      description =
          "The colder storage class; STANDARD_IA and GLACIER_IR stay readable at once by Athena and"
              + " reconcile, GLACIER and DEEP_ARCHIVE need a restore first"
              + " (env DEVICETRAIL_ARCHIVE_STORAGE_CLASS). Default: ${DEFAULT-VALUE}")
  String storageClass;

  @Option(
      names = "--expire-days",
      paramLabel = "DAYS",
      defaultValue = "${env:DEVICETRAIL_ARCHIVE_EXPIRE_DAYS:-400}",
      description =
          "Delete objects this many days after they were written"
              + " (env DEVICETRAIL_ARCHIVE_EXPIRE_DAYS). Default: ${DEFAULT-VALUE}")
  int expireDays;

  @Option(
      names = "--output",
      paramLabel = "FILE",
      description = "Write the policy to this file instead of printing it. Default: print it")
  Path output;

  @Override
  public Integer call() {
    LifecyclePolicy policy;
    try {
      policy = LifecyclePolicy.forArchive(archivePath, transitionDays, storageClass, expireDays);
    } catch (IllegalArgumentException e) {
      LOG.error("{}", e.getMessage());
      return 2;
    }
    PrintWriter out = spec.commandLine().getOut();
    String file = output == null ? "s3-lifecycle.json" : output.toString();
    if (output == null) {
      out.print(policy.json());
    } else {
      try {
        Files.writeString(output, policy.json(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        LOG.error("Cannot write {}: {}", output, e.toString());
        return 1;
      }
    }
    out.println();
    out.println(
        "# This command does not call S3 (no AWS SDK here; Flink's s3 file system cannot set");
    out.println(
        "# lifecycle rules). Apply the policy above, saved as " + file + ", with the AWS CLI:");
    out.println("#   " + policy.awsCommand(file));
    out.println(
        "# Note: this replaces the bucket's whole lifecycle configuration; merge other rules");
    out.println(
        "# of the bucket into the file first (aws s3api get-bucket-lifecycle-configuration).");
    out.flush();
    return 0;
  }
}
