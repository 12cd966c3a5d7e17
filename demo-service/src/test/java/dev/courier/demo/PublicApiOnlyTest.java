package dev.courier.demo;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The demo uses Courier as any service would: through its public API only. Its own packages depend
 * on each other one way.
 */
@AnalyzeClasses(packages = "dev.courier.demo", importOptions = ImportOption.DoNotIncludeTests.class)
class PublicApiOnlyTest {
  @ArchTest
  static final ArchRule noEngineInternals = noClasses()
      .should().dependOnClassesThat().resideInAPackage("dev.courier.internal..")
      .because("dev.courier.internal may change freely; services must not rely on it");

  @ArchTest
  static final ArchRule packagesAreFreeOfCycles = slices()
      .matching("dev.courier.(**)")
      .should().beFreeOfCycles()
      .because("the upstream, the API and the application around them depend on each other one"
          + " way, so each part of the demo reads on its own");
}
