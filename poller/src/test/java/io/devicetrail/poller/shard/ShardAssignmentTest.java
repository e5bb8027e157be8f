package io.devicetrail.poller.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ShardAssignmentTest {

  @Test
  void readsTheIndexFromANumberOrAStatefulSetPodName() {
    assertThat(ShardAssignment.parseIndex("3")).isEqualTo(3);
    assertThat(ShardAssignment.parseIndex("devicetrail-poller-12")).isEqualTo(12);
    assertThat(ShardAssignment.parseIndex(" 0 ")).isZero();
    assertThatThrownBy(() -> ShardAssignment.parseIndex("poller")).hasMessageContaining("pod name");
    assertThatThrownBy(() -> new ShardAssignment(3, 3)).hasMessageContaining("[0, 2]");
  }

  @Test
  void everyDeviceHasExactlyOneOwnerAndTheSplitIsEven() {
    int[] owned = new int[4];
    for (int i = 0; i < 40_000; i++) {
      String id = "dev-" + i;
      int owners = 0;
      for (int shard = 0; shard < 4; shard++) {
        if (new ShardAssignment(shard, 4).owns(id)) {
          owners++;
          owned[shard]++;
        }
      }
      assertThat(owners).as(id).isEqualTo(1);
    }
    for (int n : owned) {
      assertThat(n).isBetween(9_500, 10_500);
    }
  }

  @Test
  void addingAReplicaMovesOnlyTheDevicesTheNewReplicaTakes() {
    long moved =
        IntStream.range(0, 30_000)
            .mapToObj(i -> "dev-" + i)
            .filter(id -> ShardAssignment.ownerOf(id, 3) != ShardAssignment.ownerOf(id, 4))
            .peek(id -> assertThat(ShardAssignment.ownerOf(id, 4)).isEqualTo(3))
            .count();
    // About a quarter moves (to the new replica), not three quarters as with hash mod N.
    assertThat(moved).isBetween(6_500L, 8_500L);
  }

  @Test
  void theSplitIsTheDocumentedFunctionOfTheIdAlone() {
    assertThat(ShardAssignment.ownerOf("dev-000001", 1)).isZero();
    assertThat(ShardAssignment.ownerOf("dev-000001", 7))
        .isEqualTo(ShardAssignment.ownerOf(new String("dev-000001"), 7));
  }
}
