package dev.courier;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Keeps the engine's boundaries: a small public API over internals that never leak. */
class ArchitectureTest {
  private static final JavaClasses ENGINE = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.courier");

  private static final DescribedPredicate<JavaClass> INTERNAL =
      JavaClass.Predicates.resideInAPackage("dev.courier.internal..");

  @Test
  void theEngineUsesNoFrameworks() {
    noClasses().should().dependOnClassesThat().resideInAnyPackage(
            "org.springframework..", "io.micrometer..", "io.github.resilience4j..",
            "org.slf4j..", "kotlin..")
        .because("client/ depends on okio-jvm only (docs/architecture.md, Modules)")
        .check(ENGINE);
  }

  @Test
  void publicMethodsOfTheApiExposeNoInternalTypes() {
    methods().that().arePublic()
        .and().areDeclaredInClassesThat().resideInAnyPackage("dev.courier", "dev.courier.logging")
        .and().areDeclaredInClassesThat().arePublic()
        .should().haveRawReturnType(DescribedPredicate.not(INTERNAL))
        .andShould().haveRawParameterTypes(DescribedPredicate.not(
            DescribedPredicate.anyElementThat(INTERNAL)))
        .because("dev.courier.internal is free to change; users must never see it")
        .check(ENGINE);
  }

  @Test
  void internalsDoNotReachIntoPackagePrivateApiState() {
    noClasses().that().resideInAPackage("dev.courier.internal..")
        .should().accessClassesThat(JavaClass.Predicates.resideInAPackage("dev.courier")
            .and(DescribedPredicate.describe("non-public",
                c -> !c.getModifiers().contains(JavaModifier.PUBLIC))))
        .check(ENGINE);
  }
}
