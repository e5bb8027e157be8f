package io.devicetrail.poller.testing;

import io.devicetrail.events.Topics;
import io.devicetrail.localservices.LocalKafka;
import java.util.Map;
import java.util.Set;

/** The four topics of CONTRACT §2 on a local broker. */
public final class ContractTopics {
  private ContractTopics() {}

  public static void create(LocalKafka kafka, int partitions) throws InterruptedException {
    Map<String, Integer> topics =
        Map.of(
            Topics.SIGNAL, partitions,
            Topics.ACTIVITY, partitions,
            Topics.DEVICE, partitions,
            Topics.DEADLETTER, 1);
    for (int attempt = 1; ; attempt++) {
      try {
        kafka.createTopics(topics, Set.of(Topics.DEVICE));
        return;
      } catch (IllegalStateException e) {
        // LocalKafka can describe a just-created topic before the broker's metadata has it
        // (UnknownTopicOrPartitionException); the topics exist, so asking again settles it.
        if (attempt == 3) {
          throw e;
        }
        Thread.sleep(200);
      }
    }
  }
}
