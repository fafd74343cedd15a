package org.tryvoha.cli;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.tryvoha.zone.ShelterConfig;
import org.tryvoha.zone.Zone;
import org.tryvoha.zone.ZoneCheck;
import org.tryvoha.zone.ZoneTree;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "zones",
        mixinStandardHelpOptions = true,
        description = "Look up zones (offline, from the bundled or given zone set); check a zones file.")
final class ZonesCommand extends Printing {
    @Option(
            names = "--zones-file",
            description = "GeoJSON zones instead of the bundled Ukraine set",
            scope = picocli.CommandLine.ScopeType.INHERIT)
    Path zonesFile;

    @Command(
            name = "find",
            mixinStandardHelpOptions = true,
            description = "Every zone containing a point, leaf first; or zones whose name matches.")
    int find(
            @Option(names = "--lat") Double lat,
            @Option(names = "--lon") Double lon,
            @Option(names = "--name") String name)
            throws Exception {
        ZoneTree tree = tree();
        List<Zone> zones;
        if (name != null) zones = tree.search(name, 20);
        else if (lat != null && lon != null) zones = tree.zonesAt(lat, lon);
        else throw new IllegalArgumentException("give --lat and --lon, or --name");
        if (zones.isEmpty()) {
            err().println("no zone found");
            return 1;
        }
        for (Zone z : zones) {
            out().printf(
                            "%-20s %-8s %4ds  %s / %s%n",
                            z.id(), z.level().wire(), z.shelterSeconds(), z.nameUk(), z.nameEn());
        }
        return 0;
    }

    @Command(
            name = "check",
            mixinStandardHelpOptions = true,
            description = "Check a zones file before a start: every feature that would be repaired or refused, with"
                    + " its id and the reason. Exit 1 when anything is refused (the server would not start with it).")
    int check(@Parameters(paramLabel = "FILE", description = "GeoJSON zones file, plain or gzip") Path file)
            throws Exception {
        ZoneCheck.Report report;
        try (InputStream in = Files.newInputStream(file)) {
            report = ZoneTree.check(in);
        }
        for (ZoneCheck.Finding f : report.findings()) (f.refused() ? err() : out()).println(f);
        long refused = report.refusedFeatures();
        out().printf(
                        "features: %d read, %d repaired, %d refused%n",
                        report.read(), report.repairs().size(), refused);
        if (refused > 0) {
            err().println("refused: the server would not start with " + file + "; fix the features above");
            return 1;
        }
        ZoneTree tree = ZoneTree.build(report, ShelterConfig.defaults());
        long own = report.features().stream().filter(c -> c.shelter() != null).count();
        out().printf(
                        "loads: %d zones under %s (%s), %d with their own %s%n",
                        tree.size(), tree.root().id(), tree.root().nameEn(), own, ZoneCheck.SHELTER_PROPERTY);
        return 0;
    }

    private ZoneTree tree() throws Exception {
        if (zonesFile == null) return ZoneTree.loadDefault(ShelterConfig.defaults());
        try (InputStream in = Files.newInputStream(zonesFile)) {
            return ZoneTree.load(in, ShelterConfig.defaults());
        }
    }
}
