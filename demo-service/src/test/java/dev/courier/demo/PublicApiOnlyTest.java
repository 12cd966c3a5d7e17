package dev.courier.demo;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The demo uses Courier as any service would: through its public API only. */
@AnalyzeClasses(packages = "dev.courier.demo", importOptions = ImportOption.DoNotIncludeTests.class)
class PublicApiOnlyTest {
  @ArchTest
  static final ArchRule noEngineInternals = noClasses()
      .should().dependOnClassesThat().resideInAPackage("dev.courier.internal..")
      .because("dev.courier.internal may change freely; services must not rely on it");
}
