package io.devicetrail.web.http;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own refusals (a malformed request, headers too large, a body over the limit) with the
 * same security headers as every other answer, and no stack trace.
 */
public final class PlainErrorHandler extends ErrorHandler {

  public PlainErrorHandler() {
    setShowStacks(false);
    setShowMessageInTitle(false);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    SecurityHeaders.apply(response.getHeaders());
    return super.handle(request, response, callback);
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    SecurityHeaders.apply(fields);
    return super.badMessageError(status, reason, fields);
  }
}
