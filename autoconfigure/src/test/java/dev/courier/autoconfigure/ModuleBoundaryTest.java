package dev.courier.autoconfigure;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The starter uses the engine's public API only ({@code dev.courier.internal} may change freely),
 * and its packages depend on each other in one direction, from features down to the core.
 */
@AnalyzeClasses(packages = "dev.courier.autoconfigure",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ModuleBoundaryTest {

  @ArchTest
  static final ArchRule autoconfigureDoesNotUseEngineInternals = noClasses()
      .that().resideInAPackage("dev.courier.autoconfigure..")
      .should().dependOnClassesThat().resideInAPackage("dev.courier.internal..")
      .because("the engine's internals are not its API (see CONTRIBUTING.md, Where code goes)");

  /** Every package is a slice, the core package {@code dev.courier.autoconfigure} included. */
  @ArchTest
  static final ArchRule packagesAreFreeOfCycles = slices()
      .matching("dev.courier.(**)")
      .should().beFreeOfCycles()
      .because("packages depend on each other one way, so each feature can be read, tested and"
          + " changed without the others");

  @ArchTest
  static final ArchRule coreDoesNotDependOnFeatures = noClasses()
      .that().resideInAPackage("dev.courier.autoconfigure")
      .should().dependOnClassesThat().resideInAnyPackage("dev.courier.autoconfigure.*..")
      .because("features (resilience, metrics, observation, ...) build on the core, not the reverse");
}
