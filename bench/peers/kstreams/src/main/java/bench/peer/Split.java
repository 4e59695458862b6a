package bench.peer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.streams.KeyValue;

/**
 * One Meta webhook delivery → per message or status: the normalized event (identifiers
 * classified, `waid` = phone else BSUID with its source, the phone's provenance as it stands in
 * this webhook, username, session key, portfolio from the configured map), its export-log row
 * and the user's contact-book entry as this delivery shows it. Stateless: nothing is looked up
 * from earlier records (see README.md).
 */
final class Split {
  record Topics(String dataStream, String exportLog, String contactBook) {}

  record Out(String topic, byte[] value) {}

  private static final Pattern BSUID = Pattern.compile("^[A-Z]{2}\\.(ENT\\.)?[A-Za-z0-9]{1,128}$");
  private static final Pattern PHONE = Pattern.compile("^\\+?[0-9]{6,20}$");

  private final ObjectMapper json = new ObjectMapper();
  private final Map<String, String> wabas;
  private final Map<String, String> numbers;
  private final Topics topics;
  private final Registry.Encoder dataStream;
  private final Registry.Encoder exportLog;
  private final Registry.Encoder contactBook;
  private final Schema contactEntry;

  Split(Map<String, String> wabas, Map<String, String> numbers, Topics topics,
      Registry.Encoder dataStream, Registry.Encoder exportLog, Registry.Encoder contactBook) {
    this.wabas = wabas;
    this.numbers = numbers;
    this.topics = topics;
    this.dataStream = dataStream;
    this.exportLog = exportLog;
    this.contactBook = contactBook;
    this.contactEntry = contactBook.schema.getField("entry").schema().getTypes().get(1);
  }

  /** Identity fields of one item, as the product's priority and WAID-fallback rules state them. */
  private record Who(String phone, String bsuid, String username, String profileName) {
    String waid() { return phone != null ? phone : bsuid; }
    String waidSource() { return phone != null ? "PHONE" : bsuid != null ? "BSUID" : "NONE"; }
    String phoneSource() { return phone != null ? "WEBHOOK" : "NONE"; }
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  /** Strips a channel prefix, then classifies: a phone is digits (optional +), a BSUID never is. */
  private static String phone(String raw) {
    if (raw == null) return null;
    String id = raw.startsWith("whatsapp:") ? raw.substring(9) : raw;
    if (BSUID.matcher(id).matches() || !PHONE.matcher(id).matches()) return null;
    return id.startsWith("+") ? id.substring(1) : id;
  }

  private static String bsuid(String raw) {
    return raw != null && BSUID.matcher(raw).matches() ? raw : null;
  }

  List<KeyValue<String, Out>> apply(String key, String value) {
    JsonNode root;
    try {
      root = json.readTree(value);
    } catch (Exception e) {
      return Collections.emptyList();
    }
    List<KeyValue<String, Out>> out = new ArrayList<>();
    for (JsonNode entry : root.path("entry")) {
      String waba = text(entry, "id");
      for (JsonNode change : entry.path("changes")) {
        JsonNode v = change.path("value");
        String field = text(change, "field");
        String bpn = text(v.path("metadata"), "phone_number_id");
        String portfolio = numbers.getOrDefault(bpn, wabas.getOrDefault(waba, "waba:" + waba));
        JsonNode contact = v.path("contacts").path(0);
        String username = text(contact.path("profile"), "username");
        String name = text(contact.path("profile"), "name");
        for (JsonNode m : v.path("messages")) {
          Who who = new Who(phone(text(m, "from")), bsuid(text(m, "from_user_id")), username, name);
          long at = m.path("timestamp").asLong() * 1000;
          emit(out, portfolio, waba, bpn, field, who, at, "MESSAGE", "IN", "m:" + text(m, "id"),
              text(m, "id"), text(m, "type"), null, null);
        }
        for (JsonNode s : v.path("statuses")) {
          Who who = new Who(phone(text(s, "recipient_id")), bsuid(text(s, "recipient_user_id")), null, null);
          long at = s.path("timestamp").asLong() * 1000;
          String status = text(s, "status");
          String error = s.has("errors") ? text(s.path("errors").path(0), "code") : null;
          emit(out, portfolio, waba, bpn, field, who, at, "STATUS", "OUT",
              "s:" + text(s, "id") + ":" + status, text(s, "id"), null, status, error);
        }
      }
    }
    return out;
  }

  private void emit(List<KeyValue<String, Out>> out, String portfolio, String waba, String bpn,
      String field, Who who, long at, String type, String direction, String eventId,
      String messageId, String messageType, String status, String errorCode) {
    String key = portfolio + "|" + (who.bsuid() != null ? who.bsuid() : "ph:" + Integer.toHexString(who.waid().hashCode()));

    GenericRecord e = new GenericData.Record(dataStream.schema);
    e.put("eventId", eventId);
    e.put("eventType", type);
    e.put("occurredAt", at);
    e.put("wabaId", waba);
    e.put("businessPhoneNumberId", bpn);
    e.put("waid", who.waid());
    e.put("profileName", who.profileName());
    e.put("messageId", messageId);
    e.put("messageType", messageType);
    e.put("status", status);
    e.put("direction", direction);
    e.put("provider", "meta");
    e.put("portfolioId", portfolio);
    e.put("waidSource", who.waidSource());
    e.put("phone", who.phone());
    e.put("phoneSource", who.phoneSource());
    e.put("bsuid", who.bsuid());
    e.put("userHandle", who.username());
    e.put("sessionKey", who.waid());
    e.put("sourceField", field);
    e.put("errorCode", errorCode);
    out.add(KeyValue.pair(key, new Out(topics.dataStream(), dataStream.encode(withDefaults(e)))));

    GenericRecord row = new GenericData.Record(exportLog.schema);
    row.put("logId", eventId);
    row.put("loggedAt", at);
    row.put("direction", direction);
    row.put("portfolioId", portfolio);
    row.put("businessPhoneNumberId", bpn);
    row.put("waid", who.waid());
    row.put("waidSource", who.waidSource());
    row.put("phone", who.phone());
    row.put("phoneSource", who.phoneSource());
    row.put("bsuid", who.bsuid());
    row.put("userHandle", who.username());
    row.put("messageId", messageId);
    row.put("messageType", messageType);
    row.put("status", status);
    row.put("errorCode", errorCode);
    out.add(KeyValue.pair(key, new Out(topics.exportLog(), exportLog.encode(withDefaults(row)))));

    GenericRecord c = new GenericData.Record(contactEntry);
    c.put("portfolioId", portfolio);
    c.put("userKey", key.substring(portfolio.length() + 1));
    c.put("bsuid", who.bsuid());
    c.put("phone", who.phone());
    c.put("username", who.username());
    c.put("profileName", who.profileName());
    c.put("inContactBook", false);
    c.put("lastInteractionAt", bpn == null ? Map.of() : Map.of(bpn, at));
    c.put("firstSeenAt", at);
    c.put("lastSeenAt", at);
    c.put("previousBsuids", List.of());
    c.put("previousPhones", List.of());
    c.put("recentEventIds", List.of(eventId));
    GenericRecord book = new GenericData.Record(contactBook.schema);
    book.put("entry", withDefaults(c));
    out.add(KeyValue.pair(key, new Out(topics.contactBook(), contactBook.encode(withDefaults(book)))));
  }

  /**
   * Fields this peer does not set take their schema default, as our writer's records do: the
   * schemas' later versions add fields (lists, nullable ids) the peer has no value for.
   */
  private static GenericRecord withDefaults(GenericRecord r) {
    for (Schema.Field f : r.getSchema().getFields()) {
      if (r.get(f.pos()) == null && f.hasDefaultValue()) {
        r.put(f.pos(), GenericData.get().getDefaultValue(f));
      }
    }
    return r;
  }
}
