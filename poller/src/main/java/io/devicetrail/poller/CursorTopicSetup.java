package io.devicetrail.poller;

import io.devicetrail.poller.cursor.CursorTopic;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the compacted cursor topic when it does not exist (best effort: may lack the right). */
final class CursorTopicSetup {
  private static final Logger LOG = LoggerFactory.getLogger(CursorTopicSetup.class);
  private static final int PARTITIONS = 6;

  private CursorTopicSetup() {}

  static void ensureTopic(String bootstrap, Properties overrides) {
    Properties props = new Properties();
    props.putAll(overrides);
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (Admin admin = Admin.create(props)) {
      if (admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(CursorTopic.NAME)) {
        return;
      }
      NewTopic topic =
          new NewTopic(
                  CursorTopic.NAME, java.util.Optional.of(PARTITIONS), java.util.Optional.empty())
              .configs(Map.of("cleanup.policy", "compact"));
      admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
      LOG.info("created the compacted topic {}", CursorTopic.NAME);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        LOG.warn("cannot create {}: {}", CursorTopic.NAME, e.getCause().toString());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.warn("cannot create {}: {}", CursorTopic.NAME, e.toString());
    }
  }
}
