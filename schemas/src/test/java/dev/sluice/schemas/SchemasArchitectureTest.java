package dev.sluice.schemas;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The contract module stays a contract: no framework, no streams runtime, no other module of ours, no I/O clients. */
class SchemasArchitectureTest {
    private static final JavaClasses SCHEMAS = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.sluice.schemas");

    @Test
    void shouldNotDependOnSpring() {
        noClasses().should().dependOnClassesThat().resideInAPackage("org.springframework..").check(SCHEMAS);
    }

    @Test
    void shouldNotDependOnKafkaStreams() {
        noClasses().should().dependOnClassesThat().resideInAPackage("org.apache.kafka.streams..").check(SCHEMAS);
    }

    @Test
    void shouldNotDependOnOtherSluiceModules() {
        noClasses().should().dependOnClassesThat(resideInAPackage("dev.sluice..")
                        .and(not(resideInAPackage("dev.sluice.schemas.."))))
                .check(SCHEMAS);
    }

    @Test
    void shouldNotUseKafkaClientsBeyondSerialization() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                "org.apache.kafka.clients..", "org.apache.kafka.common.network..").check(SCHEMAS);
    }

    @Test
    void shouldDoNoIo() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("java.net.http..", "java.sql..", "java.nio.file..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.Socket")
                .check(SCHEMAS);
    }
}
