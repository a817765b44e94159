package org.dancelens.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The one rule for the user's folders: DanceLens's own setting, else the XDG variable (absolute only), else under the home folder. */
class UserFoldersTest {
    private static Function<String, String> env(String... pairs) {
        Map<String, String> m = new java.util.HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m::get;
    }

    private static Properties props(String... pairs) {
        Properties p = new Properties();
        p.setProperty("user.home", "/home/account");
        for (int i = 0; i < pairs.length; i += 2) {
            p.setProperty(pairs[i], pairs[i + 1]);
        }
        return p;
    }

    @Test
    void withoutVariablesEverythingIsUnderTheHomeFolder() {
        var e = env("HOME", "/home/ana");
        assertThat(UserFolders.data(e, props())).isEqualTo(Path.of("/home/ana/.local/share/dancelens"));
        assertThat(UserFolders.config(e, props())).isEqualTo(Path.of("/home/ana/.config/dancelens"));
        assertThat(UserFolders.cache(e, props())).isEqualTo(Path.of("/home/ana/.cache/dancelens"));
        assertThat(UserFolders.logs(e, props())).isEqualTo(Path.of("/home/ana/.local/state/dancelens"));
    }

    @Test
    void theHomeIsHomeAndTheAccountsOnlyWhenHomeIsUnset() {
        assertThat(UserFolders.data(env(), props())).isEqualTo(Path.of("/home/account/.local/share/dancelens"));
        assertThat(UserFolders.data(env("HOME", ""), props())).isEqualTo(Path.of("/home/account/.local/share/dancelens"));
    }

    @Test
    void xdgVariablesNameTheBaseFolders() {
        var e = env("HOME", "/home/ana", "XDG_DATA_HOME", "/data", "XDG_CONFIG_HOME", "/etc/ana", "XDG_CACHE_HOME", "/var/cache/ana",
                "XDG_STATE_HOME", "/var/state/ana");
        assertThat(UserFolders.data(e, props())).isEqualTo(Path.of("/data/dancelens"));
        assertThat(UserFolders.config(e, props())).isEqualTo(Path.of("/etc/ana/dancelens"));
        assertThat(UserFolders.cache(e, props())).isEqualTo(Path.of("/var/cache/ana/dancelens"));
        assertThat(UserFolders.logs(e, props())).isEqualTo(Path.of("/var/state/ana/dancelens"));
    }

    @Test
    void emptyAndRelativeXdgValuesAreIgnoredAsTheSpecificationAsks() {
        var e = env("HOME", "/home/ana", "XDG_DATA_HOME", "", "XDG_CONFIG_HOME", "relative/config", "XDG_CACHE_HOME", "  ");
        assertThat(UserFolders.data(e, props())).isEqualTo(Path.of("/home/ana/.local/share/dancelens"));
        assertThat(UserFolders.config(e, props())).isEqualTo(Path.of("/home/ana/.config/dancelens"));
        assertThat(UserFolders.cache(e, props())).isEqualTo(Path.of("/home/ana/.cache/dancelens"));
    }

    @Test
    void danceLensOwnSettingsWin() {
        var e = env("HOME", "/home/ana", "XDG_DATA_HOME", "/data", "XDG_CACHE_HOME", "/cache", "DANCELENS_CACHE", "/big/disk/cache",
                "XDG_STATE_HOME", "/state", "DANCELENS_LOG_DIR", "/var/log/dancelens");
        assertThat(UserFolders.data(e, props("dancelens.data", "/tmp/isolated"))).isEqualTo(Path.of("/tmp/isolated"));
        assertThat(UserFolders.cache(e, props())).isEqualTo(Path.of("/big/disk/cache"));
        assertThat(UserFolders.logs(e, props())).isEqualTo(Path.of("/var/log/dancelens"));
    }

    @Test
    void theUsersModelsAreInTheDataFolderSoTheyFollowItsSetting() {
        String before = System.getProperty("dancelens.data");
        try {
            System.setProperty("dancelens.data", "/tmp/isolated-data");
            assertThat(UserFolders.models()).isEqualTo(Path.of("/tmp/isolated-data/models"));
        } finally {
            if (before == null) {
                System.clearProperty("dancelens.data");
            } else {
                System.setProperty("dancelens.data", before);
            }
        }
    }
}
