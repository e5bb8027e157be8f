package io.devicetrail.poller.vendor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ResponseBodyTest {
  private static ResponseBody.Parsed parse(String body) throws TransientFault {
    return ResponseBody.parse(body.getBytes(StandardCharsets.UTF_8), "readings");
  }

  @Test
  void keepsEachElementExactlyAsTheVendorWroteIt() throws Exception {
    String first =
        "{ \"ts\" : \"2026-01-01T00:00:00Z\", \"rssi_dbm\": -80.50, \"site\": \"Zürich\" }";
    String second = "{\"ts\":\"x\",\"detail\":{\"a\":[1,{\"b\":null}]}}";
    ResponseBody.Parsed parsed =
        parse(
            "{\"device_id\":\"d\",\"readings\":[ "
                + first
                + " ,\n"
                + second
                + ",\"text\",42],\"has_more\":true}");

    assertThat(parsed.list())
        .extracting(VendorRecord::text)
        .containsExactly(first, second, "\"text\"", "42");
    assertThat(parsed.list().get(0).json().get("rssi_dbm").decimalValue())
        .isEqualByComparingTo("-80.5");
    assertThat(parsed.fields().get("has_more").booleanValue()).isTrue();
    assertThat(parsed.fields().has("readings")).isFalse();
  }

  @Test
  void aTruncatedBodyIsAFaultNotARecord() {
    assertThatThrownBy(() -> parse("{\"device_id\":\"d\",\"readings\":[{\"ts\":\"2026"))
        .isInstanceOf(TransientFault.class)
        .hasMessageContaining("malformed");
    assertThatThrownBy(() -> parse("{\"device_id\":\"d\",\"readings\":[]"))
        .isInstanceOf(TransientFault.class);
  }

  @Test
  void bytesAfterTheObjectAreAFault() {
    assertThatThrownBy(() -> parse("{\"readings\":[]} {\"readings\":[]}"))
        .isInstanceOf(TransientFault.class);
  }

  @Test
  void aListFieldThatIsNoArrayIsLeftForTheCallerToReject() throws Exception {
    assertThat(parse("{\"readings\":{}}").list()).isNull();
    assertThat(parse("{}").list()).isNull();
  }
}
