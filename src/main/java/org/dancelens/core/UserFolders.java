package org.dancelens.core;

import java.nio.file.Path;
import java.util.Properties;
import java.util.function.Function;

/**
 * Where DanceLens keeps the user's files, by one rule (the XDG Base Directory specification): a variable that is set,
 * not empty and an absolute path names the base folder, otherwise the default under the home folder ({@code $HOME},
 * or the account's home when {@code $HOME} is unset) is used, and DanceLens keeps its files in a {@code dancelens}
 * folder inside it. An explicit DanceLens setting wins over both:
 * <ul>
 *   <li>data (results stores, the user's models, evaluations): the {@code dancelens.data} system property, else
 *       {@code $XDG_DATA_HOME/dancelens}, else {@code ~/.local/share/dancelens};</li>
 *   <li>configuration (the workbench's settings): {@code $XDG_CONFIG_HOME/dancelens}, else {@code ~/.config/dancelens};</li>
 *   <li>cache (downloaded sample media and model packages): {@code $DANCELENS_CACHE}, else
 *       {@code $XDG_CACHE_HOME/dancelens}, else {@code ~/.cache/dancelens};</li>
 *   <li>logs: {@code $DANCELENS_LOG_DIR}, else {@code $XDG_STATE_HOME/dancelens}, else {@code ~/.local/state/dancelens}.</li>
 * </ul>
 * The variables are read when asked, so a test (or a launcher) can change the system property at any time.
 */
public final class UserFolders {
    private static final String APP = "dancelens";

    private UserFolders() {
    }

    /** The data folder: results stores, the user's models, evaluations. */
    public static Path data() {
        return data(System::getenv, System.getProperties());
    }

    /** The user's own model folder, where the workbench installs added models and training writes new ones. */
    public static Path models() {
        return data().resolve("models");
    }

    /** The configuration folder: the workbench's settings. */
    public static Path config() {
        return config(System::getenv, System.getProperties());
    }

    /** The cache folder: what the scripts and the tests download (sample media, the model package). */
    public static Path cache() {
        return cache(System::getenv, System.getProperties());
    }

    /** The folder of the log file. */
    public static Path logs() {
        return logs(System::getenv, System.getProperties());
    }

    /**
     * The home folder: {@code $HOME} when it is an absolute path, else the account's home ({@code user.home}). What
     * DanceLens writes or shows relative to the home goes by this one, so a launcher or a test that sets {@code HOME}
     * moves all of it.
     */
    public static Path home() {
        return home(System::getenv, System.getProperties());
    }

    static Path data(Function<String, String> env, Properties props) {
        String own = props.getProperty("dancelens.data");
        if (own != null && !own.isBlank()) {
            return Path.of(own);
        }
        return base(env, props, "XDG_DATA_HOME", ".local/share").resolve(APP);
    }

    static Path config(Function<String, String> env, Properties props) {
        return base(env, props, "XDG_CONFIG_HOME", ".config").resolve(APP);
    }

    static Path cache(Function<String, String> env, Properties props) {
        String own = env.apply("DANCELENS_CACHE");
        if (own != null && !own.isBlank()) {
            return Path.of(own);
        }
        return base(env, props, "XDG_CACHE_HOME", ".cache").resolve(APP);
    }

    static Path logs(Function<String, String> env, Properties props) {
        String own = env.apply("DANCELENS_LOG_DIR");
        if (own != null && !own.isBlank()) {
            return Path.of(own);
        }
        return base(env, props, "XDG_STATE_HOME", ".local/state").resolve(APP);
    }

    /** {@code $VARIABLE} when it is an absolute path, otherwise {@code home/fallback} (relative values are ignored, as the specification asks). */
    private static Path base(Function<String, String> env, Properties props, String variable, String fallback) {
        String v = env.apply(variable);
        if (v != null && !v.isBlank() && Path.of(v).isAbsolute()) {
            return Path.of(v);
        }
        return home(env, props).resolve(fallback);
    }

    static Path home(Function<String, String> env, Properties props) {
        String h = env.apply("HOME");
        if (h != null && !h.isBlank() && Path.of(h).isAbsolute()) {
            return Path.of(h);
        }
        return Path.of(props.getProperty("user.home"));
    }
}
