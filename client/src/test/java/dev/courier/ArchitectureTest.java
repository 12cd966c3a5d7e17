package dev.courier;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.all;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.constructors;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaConstructor;
import com.tngtech.archunit.core.domain.JavaMethodReference;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaPackage;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.AbstractClassesTransformer;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Test;

/**
 * Keeps the engine's boundaries: a small public API over internals that never leak, and packages
 * that depend on each other one way.
 */
class ArchitectureTest {
  private static final JavaClasses ENGINE = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.courier");

  private static final DescribedPredicate<JavaClass> INTERNAL =
      JavaClass.Predicates.resideInAPackage("dev.courier.internal..");

  /** The API package, whose classes a cycle may pass through. */
  private static final String API = "dev.courier";

  /** Every package under {@code dev.courier} but the API package itself. */
  private static final AbstractClassesTransformer<JavaPackage> PACKAGES_BELOW_THE_API =
      new AbstractClassesTransformer<>("packages below " + API) {
        @Override
        public Iterable<JavaPackage> doTransform(JavaClasses classes) {
          Map<String, JavaPackage> packages = new LinkedHashMap<>();
          for (JavaClass javaClass : classes) {
            if (javaClass.getPackageName().startsWith(API + ".")) {
              packages.putIfAbsent(javaClass.getPackageName(), javaClass.getPackage());
            }
          }
          return packages.values();
        }
      };

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

  @Test
  void theClientHandsItselfToNothingWhileItIsBuilt() {
    constructors().that().areDeclaredIn(CourierClient.class)
        .should(new ArchCondition<JavaConstructor>("pass the client to no other code, neither as"
            + " an argument nor as a reference to one of its instance methods") {
          @Override
          public void check(JavaConstructor constructor, ConditionEvents events) {
            for (JavaCall<?> call : constructor.getCallsFromSelf()) {
              boolean takesAClient = call.getTarget().getRawParameterTypes().stream()
                  .anyMatch(type -> type.isEquivalentTo(CourierClient.class));
              if (takesAClient && !call.getTargetOwner().isEquivalentTo(CourierClient.class)) {
                events.add(SimpleConditionEvent.violated(constructor, call.getDescription()));
              }
            }
            for (JavaMethodReference reference : constructor.getMethodReferencesFromSelf()) {
              boolean instanceMethodOfTheClient =
                  reference.getTargetOwner().isEquivalentTo(CourierClient.class)
                      && reference.getTarget().resolveMember()
                          .map(method -> !method.getModifiers().contains(JavaModifier.STATIC))
                          .orElse(true);
              if (instanceMethodOfTheClient) {
                events.add(SimpleConditionEvent.violated(constructor, reference.getDescription()));
              }
            }
          }
        })
        .because("the constructor builds the chain and the address cache; what it handed the"
            + " client to would hold a client whose fields are not all set yet")
        .check(ENGINE);
  }

  /**
   * Each package under {@code dev.courier} is one slice, except the API package itself, which
   * depends on internal packages by design (its facades build and delegate to them) and which they
   * use in turn (requests, responses, event listeners); {@link #noPackageCycleRunsThroughTheApi}
   * covers it.
   */
  @Test
  void packagesAreFreeOfCycles() {
    slices().matching("dev.courier.(**)")
        .should().beFreeOfCycles()
        .because("packages depend on each other one way (the call on connections, connections on"
            + " codecs, codecs on wire text), so each can be read, tested and changed from the"
            + " bottom up")
        .check(ENGINE);
  }

  @Test
  void noPackageCycleRunsThroughTheApi() {
    all(PACKAGES_BELOW_THE_API)
        .should(new NotInACycleThroughTheApi())
        .because("internal packages may use API types, and the API may build internal objects,"
            + " but a package that reaches another only through an API class still depends on"
            + " it: the one-way order holds across the API too")
        .check(ENGINE);
  }

  /**
   * Fails a package that reaches itself through another package, where one package reaches
   * another if one of its classes uses one of the other's, directly or through a chain of API
   * classes. A cycle that stays within one package and the API is allowed: that is the API using
   * its own implementation.
   */
  private static final class NotInACycleThroughTheApi extends ArchCondition<JavaPackage> {
    private final Map<String, JavaPackage> packagesByName = new HashMap<>();
    /** For each package, the packages it reaches and, for each, the classes on the way there. */
    private final Map<String, Map<String, List<String>>> reachedByPackage = new HashMap<>();

    NotInACycleThroughTheApi() {
      super("not be in a cycle with another package, even through the API package " + API);
    }

    @Override
    public void init(Collection<JavaPackage> packages) {
      for (JavaPackage javaPackage : packages) packagesByName.put(javaPackage.getName(), javaPackage);
    }

    @Override
    public void check(JavaPackage javaPackage, ConditionEvents events) {
      String start = javaPackage.getName();
      // Breadth first over packages, so the cycle reported is a shortest one.
      Map<String, String> cameFrom = new HashMap<>();
      Deque<String> queue = new ArrayDeque<>(List.of(start));
      while (!queue.isEmpty()) {
        String current = queue.removeFirst();
        for (String next : reached(current).keySet()) {
          if (next.equals(start)) {
            events.add(SimpleConditionEvent.violated(javaPackage,
                describeCycle(start, current, cameFrom)));
            return;
          }
          if (cameFrom.putIfAbsent(next, current) == null) queue.addLast(next);
        }
      }
    }

    private String describeCycle(String start, String last, Map<String, String> cameFrom) {
      List<String> cycle = new ArrayList<>(List.of(start, start));
      for (String p = last; !p.equals(start); p = cameFrom.get(p)) cycle.add(1, p);
      StringBuilder result = new StringBuilder("cycle " + start);
      for (int i = 1; i < cycle.size(); i++) {
        result.append(" -> ").append(cycle.get(i)).append(" (")
            .append(String.join(" -> ", reached(cycle.get(i - 1)).get(cycle.get(i)))).append(")");
      }
      return result.toString();
    }

    /** Returns the packages that {@code name} reaches, each with a path of classes to it. */
    private Map<String, List<String>> reached(String name) {
      return reachedByPackage.computeIfAbsent(name, unused -> {
        Map<String, List<String>> result = new LinkedHashMap<>();
        Set<JavaClass> apiClassesSeen = new HashSet<>();
        Deque<List<JavaClass>> paths = new ArrayDeque<>();
        for (JavaClass origin : packagesByName.get(name).getClasses()) paths.add(List.of(origin));
        while (!paths.isEmpty()) {
          List<JavaClass> path = paths.removeFirst();
          for (Dependency dependency : path.get(path.size() - 1).getDirectDependenciesFromSelf()) {
            JavaClass target = dependency.getTargetClass().getBaseComponentType();
            String targetPackage = target.getPackageName();
            if (targetPackage.equals(API) && apiClassesSeen.add(target)) {
              List<JavaClass> longer = new ArrayList<>(path);
              longer.add(target);
              paths.addLast(longer);
            } else if (packagesByName.containsKey(targetPackage) && !targetPackage.equals(name)
                && !result.containsKey(targetPackage)) {
              List<String> classes = new ArrayList<>();
              for (JavaClass step : path) classes.add(step.getSimpleName());
              classes.add(target.getSimpleName());
              result.put(targetPackage, classes);
            }
          }
        }
        return result;
      });
    }
  }
}
