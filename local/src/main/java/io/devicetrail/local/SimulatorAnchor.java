package io.devicetrail.local;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;

/**
 * Where the simulated clock stands, kept in the data directory so that a rerun continues the same
 * simulated fleet (same seed, same history) instead of starting it over. While the run is stopped,
 * simulated time goes on at the same speed, as devices would: the poller then catches up.
 */
record SimulatorAnchor(
    long seed, int devices, Instant historyStart, Instant simAt, Instant realAt, double speed) {

  private static final String FILE = "simulator.properties";

  /** Simulated time now: the anchor advanced by speed × real time elapsed, never past real time. */
  Instant simulatedNow(Instant realNow) {
    Duration elapsed = Duration.between(realAt, realNow);
    Instant sim = simAt.plusMillis((long) (elapsed.toMillis() * speed));
    return sim.isAfter(realNow) ? realNow : sim;
  }

  static SimulatorAnchor loadOrCreate(
      Path dir, long seed, int devices, Duration history, double speed, Instant realNow)
      throws IOException {
    Path file = dir.resolve(FILE);
    if (Files.exists(file)) {
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(file)) {
        p.load(r);
      }
      return new SimulatorAnchor(
          Long.parseLong(p.getProperty("seed")),
          Integer.parseInt(p.getProperty("devices")),
          Instant.parse(p.getProperty("history-start")),
          Instant.parse(p.getProperty("sim-at")),
          Instant.parse(p.getProperty("real-at")),
          Double.parseDouble(p.getProperty("speed")));
    }
    Instant simStart = realNow.minus(history);
    SimulatorAnchor anchor =
        new SimulatorAnchor(
            seed, devices, simStart.minus(Duration.ofDays(1)), simStart, realNow, speed);
    anchor.save(dir);
    return anchor;
  }

  private void save(Path dir) throws IOException {
    Files.createDirectories(dir);
    Properties p = new Properties();
    p.setProperty("seed", Long.toString(seed));
    p.setProperty("devices", Integer.toString(devices));
    p.setProperty("history-start", historyStart.toString());
    p.setProperty("sim-at", simAt.toString());
    p.setProperty("real-at", realAt.toString());
    p.setProperty("speed", Double.toString(speed));
    Path tmp = dir.resolve(FILE + ".tmp");
    try (Writer w = Files.newBufferedWriter(tmp)) {
      p.store(w, "DeviceTrail local run: the simulated fleet and its clock");
    }
    Files.move(
        tmp,
        dir.resolve(FILE),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
  }
}
