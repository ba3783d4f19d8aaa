package dev.sluice.processor.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The topology and the engine stay free of JDBC and of the metrics store: they report through MetricsSink. */
class LayeringTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.sluice.processor");

    @Test
    void shouldKeepJdbcOutOfTheTopologyAndTheEngine() {
        noClasses().that().resideInAnyPackage("dev.sluice.processor.topology..", "dev.sluice.processor.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "dev.sluice.metrics..",
                        "com.zaxxer..", "org.flywaydb..")
                .check(CLASSES);
    }
}
