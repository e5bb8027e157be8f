package io.devicetrail.simulator;

/** The kinds of device in the fleet; the kind decides sleep, positioning and power. */
enum DeviceModel {
  /** Asset tracker: sleeps, moves, always has GPS, battery. */
  TRACKER("TL-200", 35, true, Gps.ALWAYS, true, 1),
  /** Utility meter: sleeps, never moves, no GPS, battery. */
  METER("MT-10", 30, true, Gps.NEVER, true, 3),
  /** Environment sensor: sleeps, about half of them have GPS, battery. */
  ENV_SENSOR("EN-5", 20, true, Gps.SOME, true, 2),
  /** Mains-powered gateway: always connected, fixed position. */
  GATEWAY("GW-1", 15, false, Gps.FIXED, false, 4);

  enum Gps {
    ALWAYS,
    NEVER,
    SOME,
    FIXED
  }

  final String name;
  final int weightPercent;
  final boolean sleeps;
  final Gps gps;
  final boolean battery;
  final int firmwareMajor;

  DeviceModel(
      String name, int weightPercent, boolean sleeps, Gps gps, boolean battery, int firmwareMajor) {
    this.name = name;
    this.weightPercent = weightPercent;
    this.sleeps = sleeps;
    this.gps = gps;
    this.battery = battery;
    this.firmwareMajor = firmwareMajor;
  }

  /** Picks a model for a uniform number in [0, 100). */
  static DeviceModel forPercentile(int p) {
    int acc = 0;
    for (DeviceModel m : values()) {
      acc += m.weightPercent;
      if (p < acc) return m;
    }
    return GATEWAY;
  }
}
