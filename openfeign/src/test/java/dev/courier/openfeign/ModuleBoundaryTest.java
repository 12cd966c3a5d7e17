package dev.courier.openfeign;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * courier-openfeign is a library for any service, with Spring or without: it builds on the
 * engine's public API and Feign's core, nothing else.
 */
@AnalyzeClasses(packages = "dev.courier.openfeign",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ModuleBoundaryTest {

  @ArchTest
  static final ArchRule importsNoSpring = noClasses()
      .should().dependOnClassesThat().resideInAPackage("org.springframework..")
      .because("courier-openfeign must work without Spring; Spring wiring lives in "
          + "courier-spring-boot-autoconfigure");

  @ArchTest
  static final ArchRule usesNoEngineInternals = noClasses()
      .should().dependOnClassesThat().resideInAPackage("dev.courier.internal..")
      .because("the engine's internals are not its API and may change freely");

  @ArchTest
  static final ArchRule dependsOnTheEngineAndFeignCoreOnly = classes()
      .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.courier",
          "dev.courier.openfeign..", "feign..", "org.jspecify..", "okio..")
      .because("courier-openfeign depends on courier-client and feign-core only");

  @ArchTest
  static final ArchRule packagesAreFreeOfCycles = slices()
      .matching("dev.courier.(**)")
      .should().beFreeOfCycles();
}
