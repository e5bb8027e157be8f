/**
 * Real Kafka, S3 and PostgreSQL on 127.0.0.1 for the local run and for tests, with no Docker.
 *
 * <ul>
 *   <li>{@link io.devicetrail.localservices.LocalKafka}: an Apache Kafka 4.2 broker in this JVM,
 *       KRaft mode, single node.
 *   <li>{@link io.devicetrail.localservices.LocalS3}: s3proxy in this JVM, objects as files, signed
 *       requests only.
 *   <li>{@link io.devicetrail.localservices.LocalPostgres}: PostgreSQL 15 from Debian's
 *       postgresql-15, as a child process that stops when this JVM dies, even by kill -9.
 *   <li>{@link io.devicetrail.localservices.LocalServices}: all three under one data dir, stopped
 *       by a shutdown hook on Ctrl-C.
 *   <li>{@link io.devicetrail.localservices.junit.LocalServicesExtension}: the same, shared by all
 *       tests of a test JVM.
 * </ul>
 *
 * <p>Every service keeps its data and its ports in its data dir: a second start on the same dir
 * comes back with the same data on the same addresses, unless a port was taken meanwhile.
 */
package io.devicetrail.localservices;
