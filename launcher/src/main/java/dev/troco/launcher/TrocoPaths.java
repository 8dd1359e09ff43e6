package dev.troco.launcher;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where things are: the checkout the services were built in, and the data directory (by default
 * {@code <checkout>/.troco}, which the root .gitignore ignores) holding everything the platform writes.
 */
record TrocoPaths(Path home, Path dataDir, Path launcherLib) {

    /**
     * The launcher runs from {@code <home>/launcher/target/troco-launcher-*.jar} (or, in an IDE or a test, from
     * {@code <home>/launcher/target/classes}): both are three levels below the checkout, and both have the
     * copied runtime classpath next to them in {@code target/lib}. The troco script passes -Dtroco.home anyway.
     */
    static TrocoPaths locate(LauncherOptions options) {
        Path codeSource = codeSource();
        Path home = System.getProperty("troco.home") != null
                ? Path.of(System.getProperty("troco.home"))
                : codeSource.getParent().getParent().getParent();
        home = home.toAbsolutePath().normalize();
        Path dataDir = options.dataDir().orElse(home.resolve(".troco"));
        return new TrocoPaths(home, dataDir, codeSource.getParent().resolve("lib"));
    }

    private static Path codeSource() {
        try {
            return Path.of(TrocoPaths.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Cannot tell where the launcher runs from", e);
        }
    }

    Path kafkaData() {
        return dataDir.resolve("data/kafka");
    }

    Path postgresData() {
        return dataDir.resolve("data/postgres");
    }

    /** Where zonky unpacks the PostgreSQL binaries; kept so the ~30 MB archive is unpacked once. */
    Path postgresWork() {
        return dataDir.resolve("pg-work");
    }

    /** Every e-mail the platform sends, as .eml files (see LocalMailServer). */
    Path mail() {
        return dataDir.resolve("mail");
    }

    Path logs() {
        return dataDir.resolve("logs");
    }

    Path log(String name) {
        return logs().resolve(name + ".log");
    }

    /** Files the launcher generates on every start (server.properties, log4j2 config). */
    Path conf() {
        return dataDir.resolve("conf");
    }

    /** One pid file per child process while it runs, to find leftovers after a launcher was killed. */
    Path run() {
        return dataDir.resolve("run");
    }

    /** What only makes starts faster (class-data-sharing archives); safe to delete at any time. */
    Path cache() {
        return dataDir.resolve("cache");
    }

    /** Locally generated service secrets (see LocalSecrets); private to the owner. */
    Path secrets() {
        return dataDir.resolve("secrets.properties");
    }

    Path serviceDir(TrocoService service) {
        return home.resolve(service.moduleName());
    }

    Path serviceJar(TrocoService service) {
        return serviceDir(service).resolve("target/quarkus-app/quarkus-run.jar");
    }

    /** Shortens paths inside the checkout for messages. */
    String show(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        return absolute.startsWith(home) ? home.relativize(absolute).toString() : absolute.toString();
    }

    void createDirectories() throws java.io.IOException {
        for (Path dir : new Path[] {kafkaData(), postgresData(), postgresWork(), logs(), conf(), run(), cache()}) {
            Files.createDirectories(dir);
        }
    }
}
