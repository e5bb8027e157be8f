package io.devicetrail.sql;

/**
 * What one migration run did.
 *
 * @param fromVersion the schema version found, or null for an empty database
 * @param toVersion the schema version after the run (equal to {@code fromVersion} when nothing was
 *     pending)
 * @param applied how many migrations the run applied; 0 when the schema was already current
 */
public record MigrationOutcome(String fromVersion, String toVersion, int applied) {}
