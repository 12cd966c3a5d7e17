package dev.courier.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.Environment;

import dev.courier.CourierClient;

/**
 * The starter's cache ({@code courier.cache.*}): a service's cache serves every caller, so it is
 * a shared cache unless {@code courier.cache.mode=private}, and its directory is private to the
 * user running the service.
 */
class CourierCacheAutoConfigurationTests {
  private final AtomicReference<Environment> environment = new AtomicReference<>();

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withInitializer(context -> environment.set(context.getEnvironment()))
      .withConfiguration(AutoConfigurations.of(CourierAutoConfiguration.class));

  @TempDir
  Path temp;

  @Test
  void whenCacheIsEnabledThenItIsSharedByDefault() {
    runner.withPropertyValues("courier.cache.enabled=true",
        "courier.cache.directory=" + temp.resolve("http")).run(context ->
        assertThat(context.getBean(CourierClient.class).cache().isShared()).isTrue());
  }

  @Test
  void whenModeIsPrivateThenCacheIsPrivate() {
    runner.withPropertyValues("courier.cache.enabled=true", "courier.cache.mode=private",
        "courier.cache.directory=" + temp.resolve("http")).run(context ->
        assertThat(context.getBean(CourierClient.class).cache().isShared()).isFalse());
  }

  @Test
  void whenModeIsSharedThenCacheIsShared() {
    runner.withPropertyValues("courier.cache.enabled=true", "courier.cache.mode=SHARED",
        "courier.cache.directory=" + temp.resolve("http")).run(context ->
        assertThat(context.getBean(CourierClient.class).cache().isShared()).isTrue());
  }

  @Test
  void whenCacheDirectoryIsCreatedThenOnlyItsOwnerCanUseIt() {
    Path directory = temp.resolve("new/http");
    runner.withPropertyValues("courier.cache.enabled=true", "courier.cache.directory=" + directory)
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory)))
              .isEqualTo("rwx------");
        });
  }

  @Test
  void whenCacheDirectoryBelongsToAnotherUserThenStartUpFailsNamingIt() throws Exception {
    Path directory = Files.createDirectories(temp.resolve("foreign"));
    try {
      Files.setOwner(directory, directory.getFileSystem().getUserPrincipalLookupService()
          .lookupPrincipalByName("nobody"));
    } catch (FileSystemException notRoot) {
      directory = Path.of("/"); // Not root, so "/" is someone else's.
    }
    Path foreign = directory;
    runner.withPropertyValues("courier.cache.enabled=true", "courier.cache.directory=" + foreign)
        .run(context -> {
          assertThat(context).hasFailed();
          FailureAnalysis analysis = new CourierConfigurationFailureAnalyzer(environment.get())
              .analyze(context.getStartupFailure());
          assertThat(analysis.getDescription()).contains("Property: courier.cache.directory")
              .contains("Value: '" + foreign + "'").contains("owned by");
          assertThat(analysis.getAction()).contains("owns");
        });
  }
}
