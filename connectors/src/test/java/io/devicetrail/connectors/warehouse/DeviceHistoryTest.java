package io.devicetrail.connectors.warehouse;

import static io.devicetrail.connectors.warehouse.Rows.at;
import static io.devicetrail.connectors.warehouse.Rows.attributes;
import static org.assertj.core.api.Assertions.assertThat;

import io.devicetrail.connectors.warehouse.DeviceHistory.StoredVersion;
import io.devicetrail.connectors.warehouse.DeviceHistory.Version;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceHistoryTest {

  private static final DeviceAttributes A1 = attributes("dev-1", "08:00:00", "1.0", 1);
  private static final DeviceAttributes B2 = attributes("dev-1", "09:00:00", "2.0", 2);
  private static final DeviceAttributes A3 = attributes("dev-1", "10:00:00", "1.0", 1);
  private static final DeviceAttributes C4 = attributes("dev-1", "11:00:00", "3.0", 3);

  @Test
  void consecutiveObservationsWithTheSameAttributesAreOneVersionFromTheFirstOfThem() {
    DeviceAttributes a1Again = A1.withValidFrom(at("08:30:00"));

    assertThat(DeviceHistory.versions(List.of(B2, a1Again, A1, C4)))
        .containsExactly(
            new Version(A1, at("09:00:00")),
            new Version(B2, at("11:00:00")),
            new Version(C4, null));
  }

  @Test
  void anAttributeRevertIsAVersionOfItsOwn() {
    assertThat(DeviceHistory.versions(List.of(A1, B2, A3)))
        .containsExactly(
            new Version(A1, at("09:00:00")),
            new Version(B2, at("10:00:00")),
            new Version(A3, null));
  }

  @Test
  void aNewDeviceGetsOneCurrentRow() {
    DeviceHistory.Plan plan = DeviceHistory.plan(List.of(A1), List.of());

    assertThat(plan.inserts()).containsExactly(new Version(A1, null));
    assertThat(plan.updates()).isEmpty();
    assertThat(plan.deletes()).isEmpty();
  }

  @Test
  void aNewerChangeClosesTheCurrentRowAndAddsTheNewCurrentOne() {
    StoredVersion current = new StoredVersion(7, new Version(A1, null));

    DeviceHistory.Plan plan = DeviceHistory.plan(List.of(A1, B2), List.of(current));

    assertThat(plan.updates())
        .containsExactly(new StoredVersion(7, new Version(A1, at("09:00:00"))));
    assertThat(plan.inserts()).containsExactly(new Version(B2, null));
  }

  @Test
  void aStoredHistoryThatMatchesNeedsNothing() {
    List<StoredVersion> stored =
        List.of(
            new StoredVersion(1, new Version(A1, at("09:00:00"))),
            new StoredVersion(2, new Version(B2, null)));

    assertThat(DeviceHistory.plan(List.of(A1, B2), stored).isEmpty()).isTrue();
  }

  @Test
  void anOlderChangeWithOtherAttributesBecomesAClosedVersionBeforeTheCurrentOne() {
    DeviceAttributes b0 = B2.withValidFrom(at("07:00:00"));
    StoredVersion current = new StoredVersion(1, new Version(A1, null));

    DeviceHistory.Plan plan = DeviceHistory.plan(List.of(b0, A1), List.of(current));

    assertThat(plan.inserts()).containsExactly(new Version(b0, at("08:00:00")));
    assertThat(plan.updates()).isEmpty();
  }

  @Test
  void anOlderChangeWithTheSameAttributesMovesTheVersionsStartAndKeepsItsKey() {
    DeviceAttributes a0 = A1.withValidFrom(at("07:00:00"));
    StoredVersion current = new StoredVersion(1, new Version(A1, null));

    DeviceHistory.Plan plan = DeviceHistory.plan(List.of(a0, A1), List.of(current));

    assertThat(plan.updates()).containsExactly(new StoredVersion(1, new Version(a0, null)));
    assertThat(plan.inserts()).isEmpty();
  }

  @Test
  void aLateChangeInsideAVersionSplitsItWhereALaterObservationRepeatedTheOldAttributes() {
    // Seen so far: A at 08:00 and A again at 10:00 (one version). Then B at 09:00 arrives.
    StoredVersion current = new StoredVersion(1, new Version(A1, null));

    DeviceHistory.Plan plan = DeviceHistory.plan(List.of(A1, B2, A3), List.of(current));

    assertThat(plan.updates())
        .containsExactly(new StoredVersion(1, new Version(A1, at("09:00:00"))));
    assertThat(plan.inserts())
        .containsExactly(new Version(B2, at("10:00:00")), new Version(A3, null));
  }

  @Test
  void strayRowsOfAnInconsistentTableAreDeletedAndTheOldestRowOfAVersionKept() {
    List<StoredVersion> stored =
        List.of(
            new StoredVersion(5, new Version(A1.withValidFrom(at("08:30:00")), null)),
            new StoredVersion(3, new Version(A1, null)),
            new StoredVersion(9, new Version(C4.withValidFrom(at("08:45:00")), null)));

    DeviceHistory.Plan plan = DeviceHistory.plan(List.of(A1), stored);

    assertThat(plan.deletes()).containsExactlyInAnyOrder(5L, 9L);
    assertThat(plan.updates()).isEmpty();
    assertThat(plan.inserts()).isEmpty();
  }

  @Test
  void aWrongCurrentFlagIsRepaired() {
    StoredVersion flaggedWrongly = new StoredVersion(1, new Version(A1, null), false);

    DeviceHistory.Plan plan = DeviceHistory.plan(List.of(A1), List.of(flaggedWrongly));

    assertThat(plan.updates()).containsExactly(new StoredVersion(1, new Version(A1, null), true));
  }
}
