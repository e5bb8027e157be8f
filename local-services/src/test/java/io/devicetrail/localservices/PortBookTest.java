package io.devicetrail.localservices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PortBookTest {

  @TempDir Path dir;

  @Test
  void aSecondStartGetsThePortRememberedFromTheFirst() throws Exception {
    PortBook first = PortBook.in(dir);
    int port = first.choose("service");
    first.save();

    assertThat(PortBook.in(dir).choose("service")).isEqualTo(port);
  }

  @Test
  void aRememberedPortThatIsTakenIsReplacedByAFreeOne() throws Exception {
    PortBook first = PortBook.in(dir);
    int remembered = first.choose("service");
    first.save();

    try (ServerSocket squatter = new ServerSocket()) {
      squatter.bind(new InetSocketAddress(PortBook.LOOPBACK, remembered));
      PortBook second = PortBook.in(dir);
      int chosen = second.choose("service");
      second.save();

      assertThat(chosen).isNotEqualTo(remembered);
      assertThat(PortBook.isFree(chosen)).isTrue();
      assertThat(PortBook.in(dir).choose("service")).isEqualTo(chosen);
    }
  }

  @Test
  void twoBooksInOneJvmNeverGetTheSamePort(@TempDir Path other) throws Exception {
    PortBook first = PortBook.in(dir);
    PortBook second = PortBook.in(other);

    for (int i = 0; i < 20; i++) {
      assertThat(second.chooseFresh("b" + i)).isNotEqualTo(first.chooseFresh("a" + i));
    }
  }

  @Test
  void twoNamesOfOneBookNeverGetTheSamePort() throws Exception {
    PortBook book = PortBook.in(dir);

    for (int i = 0; i < 20; i++) {
      assertThat(book.chooseFresh("controller")).isNotEqualTo(book.chooseFresh("broker"));
    }
  }

  @Test
  void aRequiredPortThatIsTakenIsRefused() throws Exception {
    try (ServerSocket squatter = new ServerSocket(0, 1, PortBook.LOOPBACK)) {
      assertThatThrownBy(() -> PortBook.in(dir).require("service", squatter.getLocalPort()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("already in use");
    }
  }
}
