package org.tryvoha;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package graph of the server is a DAG, and the arrows that must never exist do not.
 *
 * <p>Only the server's main classes are checked: they are imported from the location {@link Main}
 * was loaded from (target/classes, or the jar), never from the test classes. The load generator
 * ({@code bench}) and the track simulator ({@code track.sim}) are tools, not the server: they are
 * left out even while they are still compiled with it, and {@link Rules#serverKnowsNoTool} makes
 * sure the server does not need them.
 *
 * <p>The rules are built by {@link Rules} for a root package, so that {@code ArchitectureTestTest}
 * can run the very same rules on deliberately broken fixtures (under {@code org.tryvoha.archfixture})
 * and show that each one fails when it should.
 */
class ArchitectureTest {
    /** The rules for the server's packages. */
    static final Rules RULES = new Rules("org.tryvoha");

    private static JavaClasses server;

    @BeforeAll
    static void importServer() {
        server = importServerClasses();
    }

    /** The main classes of the server: what {@link Main} was loaded from, tests and tools excluded. */
    static JavaClasses importServerClasses() {
        Location mainClasses;
        try {
            mainClasses = Location.of(Main.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("where Main was loaded from: " + e.getMessage(), e);
        }
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> Rules.TOOLS.stream()
                        .noneMatch(tool -> location.contains("/org/tryvoha/" + tool.replace('.', '/') + "/")))
                .importLocations(Set.of(mainClasses));
    }

    @Test
    void noCycleBetweenTopLevelPackages() {
        RULES.noCycleBetweenTopLevelPackages.check(server);
    }

    @Test
    void noCycleBetweenAnyPackages() {
        RULES.noCycleBetweenPackages.check(server);
    }

    @Test
    void layersOnlyLookDown() {
        RULES.layers.check(server);
    }

    @Test
    void theRootPackageHoldsOnlyMain() {
        RULES.rootHoldsOnlyMain.check(server);
    }

    @Test
    void streamDoesNotKnowTheStore() {
        RULES.streamKnowsNoStore.check(server);
    }

    @Test
    void deliveryDoesNotKnowTheApi() {
        RULES.deliveryKnowsNoApi.check(server);
    }

    @Test
    void capDoesNotKnowTheApi() {
        RULES.capKnowsNoApi.check(server);
    }

    @Test
    void storeDoesNotKnowAuth() {
        RULES.storeKnowsNoAuth.check(server);
    }

    @Test
    void signingDoesNotKnowTheStream() {
        RULES.signingKnowsNoStream.check(server);
    }

    @Test
    void configKnowsNoFeature() {
        RULES.configKnowsNoFeature.check(server);
    }

    @Test
    void noFeatureKnowsTheCompositionRoot() {
        RULES.featuresKnowNoCompositionRoot.check(server);
    }

    @Test
    void theServerNeedsNeitherTheLoadGeneratorNorTheSimulator() {
        RULES.serverKnowsNoTool.check(server);
    }

    /**
     * Every rule, for the packages under {@code root}. Package names below are relative to it; the
     * layers, bottom to top:
     *
     * <pre>
     *   composition root  the root package (Main), server, cli
     *   features          api cap track history ops web shelter delivery metrics
     *   core              alert stream audit auth security bus store signing
     *   base              error json http config zone event state
     * </pre>
     *
     * A layer may use the layers below it and its own packages (features may use each other), never
     * one above; within a layer the package graph must still be acyclic, and the explicit arrows
     * below are forbidden whatever the layers allow.
     */
    static final class Rules {
        static final Set<String> FEATURES =
                Set.of("api", "cap", "track", "history", "ops", "web", "shelter", "delivery", "metrics");
        static final Set<String> CORE =
                Set.of("alert", "stream", "audit", "auth", "security", "bus", "store", "signing");
        static final Set<String> BASE = Set.of("error", "json", "http", "config", "zone", "event", "state", "feature");
        static final Set<String> COMPOSITION_ROOT = Set.of("server", "cli");
        /** Tools built from the same tree that the server must not need. */
        static final Set<String> TOOLS = Set.of("bench", "track.sim");

        final String root;
        final ArchRule noCycleBetweenTopLevelPackages;
        final ArchRule noCycleBetweenPackages;
        final ArchRule layers;
        final ArchRule rootHoldsOnlyMain;
        final ArchRule streamKnowsNoStore;
        final ArchRule deliveryKnowsNoApi;
        final ArchRule capKnowsNoApi;
        final ArchRule storeKnowsNoAuth;
        final ArchRule signingKnowsNoStream;
        final ArchRule configKnowsNoFeature;
        final ArchRule featuresKnowNoCompositionRoot;
        final ArchRule serverKnowsNoTool;

        Rules(String root) {
            this.root = root;
            noCycleBetweenTopLevelPackages =
                    slices().assignedFrom(new Packages(root, true)).should().beFreeOfCycles();
            noCycleBetweenPackages =
                    slices().assignedFrom(new Packages(root, false)).should().beFreeOfCycles();
            layers = layeredArchitecture()
                    .consideringOnlyDependenciesInLayers()
                    .layer("composition root")
                    .definedBy(concat(new String[] {root}, under(COMPOSITION_ROOT)))
                    .layer("features")
                    .definedBy(under(FEATURES))
                    .layer("core")
                    .definedBy(under(CORE))
                    .layer("base")
                    .definedBy(under(BASE))
                    .whereLayer("composition root")
                    .mayNotBeAccessedByAnyLayer()
                    .whereLayer("features")
                    .mayOnlyBeAccessedByLayers("composition root")
                    .whereLayer("core")
                    .mayOnlyBeAccessedByLayers("features", "composition root")
                    .whereLayer("base")
                    .mayOnlyBeAccessedByLayers("core", "features", "composition root")
                    .ensureAllClassesAreContainedInArchitecture()
                    .as(
                            "layers only look down (composition root > features > core > base), and every package has a layer");
            rootHoldsOnlyMain = classes()
                    .that()
                    .resideInAPackage(root)
                    .should()
                    .haveNameMatching(root.replace(".", "\\.") + "\\.Main(\\$.*)?")
                    .because(
                            "the root package is the entry point only; everything else lives in a package that says what it is");
            streamKnowsNoStore =
                    forbid("stream", "store", "subscribers replay from the read-only EventLog, never the store itself");
            deliveryKnowsNoApi =
                    forbid("delivery", "api", "delivery channels are fed committed events, not REST routes");
            capKnowsNoApi =
                    forbid("cap", "api", "CAP import goes through the one gate (alert), not through the REST API");
            storeKnowsNoAuth = forbid(
                    "store", "auth", "the store persists records it is given; who may do what is decided above it");
            signingKnowsNoStream =
                    forbid("signing", "stream", "events are signed before fan-out and know nothing of subscribers");
            configKnowsNoFeature = noClasses()
                    .that()
                    .resideInAPackage(pkg("config"))
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(under(FEATURES))
                    .because(
                            "config is below every feature: a feature reads its settings, config does not hold feature types");
            featuresKnowNoCompositionRoot = noClasses()
                    .that()
                    .resideInAnyPackage(under(FEATURES))
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(concat(new String[] {root}, under(COMPOSITION_ROOT)))
                    .because(
                            "only the composition root knows every feature: a feature gets what it needs through its constructor");
            serverKnowsNoTool = noClasses()
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(under(TOOLS))
                    .because("the load generator and the track simulator are tools built apart from the server jar");
        }

        private ArchRule forbid(String from, String to, String why) {
            return noClasses()
                    .that()
                    .resideInAPackage(pkg(from))
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage(pkg(to))
                    .because(why);
        }

        /** {@code name} and its sub-packages, under the root. */
        private String pkg(String name) {
            return root + "." + name + "..";
        }

        private String[] under(Set<String> names) {
            return names.stream().sorted().map(this::pkg).toArray(String[]::new);
        }

        private static String[] concat(String[] a, String[] b) {
            String[] all = Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, all, a.length, b.length);
            return all;
        }
    }

    /**
     * Slices the packages under a root: by top-level package ({@code store} holds {@code store.sqlite})
     * or one slice per package. The root package itself (Main) is a slice of its own, so a cycle through
     * it is found too; classes outside the root are ignored.
     */
    record Packages(String root, boolean topLevel) implements SliceAssignment {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass c) {
            String p = c.getPackageName();
            if (p.equals(root)) return SliceIdentifier.of("(root)");
            if (!p.startsWith(root + ".")) return SliceIdentifier.ignore();
            String rest = p.substring(root.length() + 1);
            int dot = rest.indexOf('.');
            return SliceIdentifier.of(topLevel && dot >= 0 ? rest.substring(0, dot) : rest);
        }

        @Override
        public String getDescription() {
            return (topLevel ? "top-level packages" : "packages") + " of " + root;
        }
    }
}
