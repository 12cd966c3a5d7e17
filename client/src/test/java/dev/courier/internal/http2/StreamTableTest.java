package dev.courier.internal.http2;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The open-addressing stream table agrees with a {@link HashMap} through puts and removals. */
class StreamTableTest {
  @Test
  void agreesWithAHashMap() {
    StreamTable table = new StreamTable();
    Map<Integer, Http2Stream> expected = new HashMap<>();
    Random random = new Random(1);
    int nextId = 1;
    for (int step = 0; step < 20_000; step++) {
      if (expected.isEmpty() || random.nextInt(3) != 0) {
        Http2Stream stream = new Http2Stream(null, nextId, true, true, 65_535, 65_535);
        table.put(nextId, stream);
        expected.put(nextId, stream);
        nextId += 2;
      } else {
        int id = 1 + 2 * random.nextInt(nextId / 2);
        assertThat(table.remove(id)).isSameAs(expected.remove(id));
      }
      if (step % 997 == 0) {
        for (int id = 1; id < nextId; id += 2) {
          assertThat(table.get(id)).isSameAs(expected.get(id));
        }
      }
      assertThat(table.size()).isEqualTo(expected.size());
    }
    assertThat(table.snapshot()).containsExactlyInAnyOrderElementsOf(expected.values());
    table.clear();
    assertThat(table.size()).isZero();
    assertThat(table.get(1)).isNull();
  }
}
