package org.tryvoha;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The architecture rules fail when they should: {@link ArchitectureTest}'s rules, built for the
 * fixture root {@code org.tryvoha.archfixture}, run on deliberately broken code (see its package
 * documentation), and pass once the breakage is taken away.
 */
class ArchitectureTestTest {
    private static final String ROOT = "org.tryvoha.archfixture";
    private static final ArchitectureTest.Rules RULES = new ArchitectureTest.Rules(ROOT);
    private static JavaClasses fixture;

    @BeforeAll
    static void importFixture() {
        fixture = new ClassFileImporter().importPackages(ROOT);
    }

    /** The fixture's classes in these packages (relative to its root; "" is the root package). */
    private static JavaClasses only(String... packages) {
        String[] full = Arrays.stream(packages)
                .map(p -> p.isEmpty() ? ROOT : ROOT + "." + p + "..")
                .toArray(String[]::new);
        return fixture.that(resideInAnyPackage(full));
    }

    private static String report(ArchRule rule, JavaClasses classes) {
        EvaluationResult result = rule.evaluate(classes);
        assertThat(result.hasViolation())
                .as("%s on %s", rule.getDescription(), classes)
                .isTrue();
        return result.getFailureReport().toString();
    }

    private static void passes(ArchRule rule, JavaClasses classes) {
        EvaluationResult result = rule.evaluate(classes);
        assertThat(result.hasViolation()).as("%s", result.getFailureReport()).isFalse();
    }

    @Test
    void bothCycleRulesFailOnTwoPackagesThatUseEachOther() {
        JavaClasses cycle = only("a", "b");
        assertThat(report(RULES.noCycleBetweenTopLevelPackages, cycle))
                .contains("Cycle detected: Slice a -> ")
                .contains("Slice b");
        assertThat(report(RULES.noCycleBetweenPackages, cycle))
                .contains("Cycle detected: Slice a -> ")
                .contains("Slice b");
    }

    @Test
    void bothCycleRulesPassOnceOneSideOfTheCycleIsGone() {
        JavaClasses noCycle = only("a", "stream", "store", "config", "cap");
        passes(RULES.noCycleBetweenTopLevelPackages, noCycle);
        passes(RULES.noCycleBetweenPackages, noCycle);
    }

    @Test
    void aCycleThroughTheRootPackageIsFoundToo() {
        assertThat(report(RULES.noCycleBetweenTopLevelPackages, only("", "server")))
                .contains("Slice (root)")
                .contains("Slice server");
    }

    @Test
    void aForbiddenArrowFailsItsRuleNamingBothEnds() {
        assertThat(report(RULES.streamKnowsNoStore, fixture))
                .contains("org.tryvoha.archfixture.stream.Replay")
                .contains("org.tryvoha.archfixture.store.Store");
    }

    @Test
    void configHoldingAFeatureTypeFails() {
        assertThat(report(RULES.configKnowsNoFeature, fixture))
                .contains("org.tryvoha.archfixture.config.Config")
                .contains("org.tryvoha.archfixture.cap.CapSettings");
    }

    @Test
    void aFeatureUsingTheCompositionRootFails() {
        assertThat(report(RULES.featuresKnowNoCompositionRoot, fixture))
                .contains("org.tryvoha.archfixture.cap.CapSettings")
                .contains("org.tryvoha.archfixture.server.App");
    }

    @Test
    void theLayersFailOnAnArrowUpAndOnAPackageWithoutALayer() {
        assertThat(report(RULES.layers, fixture))
                .contains("org.tryvoha.archfixture.config.Config")
                .contains("org.tryvoha.archfixture.cap.CapSettings")
                .contains("org.tryvoha.archfixture.a.A"); // a and b belong to no layer
    }

    @Test
    void anArrowThatIsNotThereDoesNotFail() {
        passes(RULES.storeKnowsNoAuth, fixture);
    }

    @Test
    void theServerIsImportedWithoutTestsOrTools() {
        JavaClasses server = ArchitectureTest.importServerClasses();
        assertThat(server.contain(Main.class)).isTrue();
        assertThat(server.stream().map(JavaClass::getName))
                .hasSizeGreaterThan(100)
                .noneMatch(n -> n.startsWith("org.tryvoha.archfixture.")
                        || n.startsWith("org.tryvoha.bench.")
                        || n.startsWith("org.tryvoha.track.sim."))
                .noneMatch(n -> n.startsWith(ArchitectureTest.class.getName()));
    }
}
