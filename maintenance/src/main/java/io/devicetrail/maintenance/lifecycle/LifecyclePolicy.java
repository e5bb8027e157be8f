package io.devicetrail.maintenance.lifecycle;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The raw archive's S3 lifecycle rule: objects under the archive prefix move to a colder storage
 * class after {@code transitionDays} and expire after {@code expireDays}; leftovers of uploads that
 * never completed (a killed writer's multipart uploads) and old versions of a versioned bucket go
 * after a week. The default policy is {@code s3-lifecycle.json} on the class path.
 *
 * <p>S3 counts days from each object's creation, not from the event dates of its partition: a
 * partition's files compacted or written late live that much longer.
 */
public record LifecyclePolicy(
    String bucket, String prefix, int transitionDays, String storageClass, int expireDays) {

  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final Pattern STORAGE_CLASS = Pattern.compile("[A-Z_]+");

  public LifecyclePolicy {
    Objects.requireNonNull(bucket, "bucket cannot be null");
    Objects.requireNonNull(prefix, "prefix cannot be null");
    Objects.requireNonNull(storageClass, "storageClass cannot be null");
    if (!BUCKET.matcher(bucket).matches()) {
      throw new IllegalArgumentException("Not an S3 bucket name: " + bucket);
    }
    if (prefix.contains("\"") || prefix.contains("\\")) {
      throw new IllegalArgumentException("The prefix must not contain quotes or backslashes");
    }
    if (!STORAGE_CLASS.matcher(storageClass).matches()) {
      throw new IllegalArgumentException("Not an S3 storage class: " + storageClass);
    }
    if (transitionDays < 30 || expireDays <= transitionDays) {
      // S3 refuses STANDARD_IA transitions before 30 days, and a transition after the expiry.
      throw new IllegalArgumentException(
          "Need 30 <= transition days < expire days, got " + transitionDays + " and " + expireDays);
    }
  }

  /**
   * The policy for the archive at {@code archivePath} ({@code s3://bucket/prefix}, the job's {@code
   * --archive-path}): the rule covers every object under the prefix.
   */
  public static LifecyclePolicy forArchive(
      String archivePath, int transitionDays, String storageClass, int expireDays) {
    Objects.requireNonNull(archivePath, "archivePath cannot be null");
    String path = archivePath.replaceFirst("^s3a?://", "");
    if (path.equals(archivePath)) {
      throw new IllegalArgumentException("The archive path must start with s3://: " + archivePath);
    }
    int slash = path.indexOf('/');
    String bucket = slash < 0 ? path : path.substring(0, slash);
    String prefix = slash < 0 ? "" : path.substring(slash + 1);
    if (!prefix.isEmpty() && !prefix.endsWith("/")) {
      prefix = prefix + "/";
    }
    return new LifecyclePolicy(bucket, prefix, transitionDays, storageClass, expireDays);
  }

  /** The {@code put-bucket-lifecycle-configuration} document, as in {@code s3-lifecycle.json}. */
  public String json() {
    return """
        {
          "Rules": [
            {
              "ID": "devicetrail-archive-retention",
              "Filter": {
                "Prefix": "%s"
              },
              "Status": "Enabled",
              "Transitions": [
                {
                  "Days": %d,
                  "StorageClass": "%s"
                }
              ],
              "Expiration": {
                "Days": %d
              },
              "NoncurrentVersionExpiration": {
                "NoncurrentDays": 7
              },
              "AbortIncompleteMultipartUpload": {
                "DaysAfterInitiation": 7
              }
            }
          ]
        }
        """
        .formatted(prefix, transitionDays, storageClass, expireDays);
  }

  /** The AWS CLI call that applies the document saved as {@code file}. */
  public String awsCommand(String file) {
    return "aws s3api put-bucket-lifecycle-configuration --bucket "
        + bucket
        + " --lifecycle-configuration file://"
        + file;
  }
}
