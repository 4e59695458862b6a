package bench.peer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * The Confluent wire format without Confluent's serializer: magic byte 0, the 4-byte schema id
 * (asked once from the registry's REST API: the subject's latest version), then the Avro binary
 * body. One encoder per subject.
 */
final class Registry {
  static final class Encoder {
    final Schema schema;
    private final int id;
    private final GenericDatumWriter<GenericRecord> writer;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);
    private BinaryEncoder encoder;

    Encoder(Schema schema, int id) {
      this.schema = schema;
      this.id = id;
      this.writer = new GenericDatumWriter<>(schema);
    }

    byte[] encode(GenericRecord record) {
      buffer.reset();
      buffer.write(0);
      buffer.write(id >>> 24);
      buffer.write(id >>> 16);
      buffer.write(id >>> 8);
      buffer.write(id);
      encoder = EncoderFactory.get().binaryEncoder(buffer, encoder);
      try {
        writer.write(record, encoder);
        encoder.flush();
      } catch (IOException e) {
        throw new IllegalStateException("Avro encode of " + schema.getName() + " failed", e);
      }
      return buffer.toByteArray();
    }
  }

  private final String url;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  Registry(String url) {
    this.url = url.replaceAll("/+$", "");
  }

  Encoder latest(String subject) throws IOException, InterruptedException {
    String path = "/subjects/" + URLEncoder.encode(subject, StandardCharsets.UTF_8) + "/versions/latest";
    HttpRequest request = HttpRequest.newBuilder(URI.create(url + path)).GET().build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(subject + ": registry answered " + response.statusCode());
    }
    JsonNode body = json.readTree(response.body());
    Schema schema = new Schema.Parser().parse(body.get("schema").asText());
    return new Encoder(schema, body.get("id").asInt());
  }
}
