package org.tryvoha.zone.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tryvoha.zone.ZoneTree;

/** The committed resource is exactly what the generator makes from ../shared/data (when present). */
class UkraineZonesBuilderTest {
  static final Path SOURCES = Path.of("../shared/data/boundaries");

  @Test
  void regeneratesTheBundledResource(@TempDir Path tmp) throws IOException {
    assumeTrue(Files.isDirectory(SOURCES), "no ../shared/data/boundaries here");
    Path out = tmp.resolve("ua-zones.geojson.gz");
    UkraineZonesBuilder builder = new UkraineZonesBuilder(SOURCES);
    builder.build();
    builder.write(out);
    try (InputStream fresh = new GZIPInputStream(Files.newInputStream(out));
        InputStream bundled = new GZIPInputStream(ZoneTree.class.getResourceAsStream(ZoneTree.DEFAULT_RESOURCE))) {
      assertThat(fresh.readAllBytes()).as("regenerate with the command in NOTICE").isEqualTo(bundled.readAllBytes());
    }
    assertThat(builder.log).anyMatch(line -> line.contains("UA74040330000024949 → UA74080190000091939"));
  }

  @Test
  void csvSplitsQuotedFields() {
    assertThat(Csv.split("a,\"b, c\",\"say \"\"hi\"\"\",")).containsExactly("a", "b, c", "say \"hi\"", "");
  }
}
