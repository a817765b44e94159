package org.dancelens;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.util.FileSize;
import org.dancelens.core.UserFolders;

/**
 * DanceLens's log, set up in code (found by logback through {@code META-INF/services}): {@code dancelens.log} in the
 * log folder ({@link UserFolders#logs()}, or the {@code dancelens.logDir} property the launcher sets), INFO and up,
 * rolled at 10 MB into {@code dancelens.1.log} … {@code dancelens.3.log}. Users see plain sentences on the console or
 * in the window; details and stack traces go here.
 *
 * <p>In code rather than in a {@code logback.xml}: reading the XML configuration took about a third of a second at
 * every start (logback's XML parser and its model classes), as long as the rest of a short command.
 * A configuration given with {@code -Dlogback.configurationFile=…}, or the tests' {@code logback-test.xml}, is
 * still read by logback's own configurator instead, unless {@code -Ddancelens.log=app} asks for this one (a test that
 * runs DanceLens as a user would, with the tests' configuration on its class path).
 */
public final class LogSetup extends ContextAwareBase implements Configurator {
    static final String PATTERN = "%d{ISO8601} %-5level [%thread] %logger{36} - %msg%n";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        boolean forced = "app".equals(System.getProperty("dancelens.log"));
        if (!forced && (System.getProperty("logback.configurationFile") != null
                || LogSetup.class.getClassLoader().getResource("logback-test.xml") != null)) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        String dir = System.getProperty("dancelens.logDir");
        if (dir == null || dir.isBlank()) {
            dir = UserFolders.logs().toString();
        }
        RollingFileAppender<ILoggingEvent> file = new RollingFileAppender<>();
        file.setContext(context);
        file.setName("FILE");
        file.setFile(dir + "/dancelens.log");

        FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
        rolling.setContext(context);
        rolling.setParent(file);
        rolling.setFileNamePattern(dir + "/dancelens.%i.log");
        rolling.setMinIndex(1);
        rolling.setMaxIndex(3);
        rolling.start();

        SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
        trigger.setContext(context);
        trigger.setMaxFileSize(FileSize.valueOf("10MB"));
        trigger.start();

        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();

        file.setRollingPolicy(rolling);
        file.setTriggeringPolicy(trigger);
        file.setEncoder(encoder);
        file.start();

        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(file);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
