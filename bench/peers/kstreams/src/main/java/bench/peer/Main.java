package bench.peer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The Kafka Streams peer of `npm run bench`: input log → split + normalisation (Split) → one
 * data-stream event, one export-log row and one contact-book entry per event, Avro-encoded with
 * the deployment's registered schemas, exactly_once_v2. Configured from the environment by
 * bench/lib/systems.mts; see README.md for what it does and does not do.
 */
public final class Main {
  private static String env(String name) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) throw new IllegalArgumentException(name + " is not set");
    return value;
  }

  private static Map<String, String> map(JsonNode node) {
    Map<String, String> out = new HashMap<>();
    if (node != null) node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  public static void main(String[] args) throws Exception {
    String prefix = env("PEER_TOPIC_PREFIX");
    Registry registry = new Registry(env("SCHEMA_REGISTRY_URL"));
    JsonNode portfolios = new ObjectMapper().readTree(env("PEER_PORTFOLIO_MAP"));
    Split split =
        new Split(
            map(portfolios.get("wabas")),
            map(portfolios.get("phoneNumbers")),
            new Split.Topics(prefix + "data-stream", prefix + "export-log", prefix + "contact-book"),
            registry.latest(prefix + "data-stream-value"),
            registry.latest(prefix + "export-log-value"),
            registry.latest(prefix + "contact-book-value"));

    StreamsBuilder builder = new StreamsBuilder();
    Serde<Split.Out> out = Serdes.serdeFrom((topic, o) -> o.value(), (topic, bytes) -> null);
    builder.stream(prefix + "input", Consumed.with(Serdes.String(), Serdes.String()))
        .flatMap(split::apply)
        .to((key, value, context) -> value.topic(), Produced.with(Serdes.String(), out));

    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, env("PEER_APP_ID"));
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, env("KAFKA_BROKERS"));
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
    props.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
    props.put(StreamsConfig.STATE_DIR_CONFIG, System.getProperty("java.io.tmpdir") + "/kstreams-peer-" + env("PEER_INSTANCE_ID") + "-" + ProcessHandle.current().pid());

    KafkaStreams streams = new KafkaStreams(builder.build(), props);
    CountDownLatch stopped = new CountDownLatch(1);
    streams.setStateListener((now, before) -> {
      if (now == KafkaStreams.State.ERROR) {
        System.err.println("kstreams-peer: stream thread failed");
        stopped.countDown();
      }
    });
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      streams.close();
      stopped.countDown();
    }));
    streams.start();
    stopped.await();
  }
}
