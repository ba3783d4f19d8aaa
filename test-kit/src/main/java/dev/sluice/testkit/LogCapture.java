package dev.sluice.testkit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Collects every log event of the JVM (message with its arguments, and the whole chain of throwables) from the moment
 * it is attached to the root logger. Spring Boot re-initialises logging when an application starts, which drops
 * appenders attached before: attach it again after that (see {@link #attach()}).
 */
public final class LogCapture extends AppenderBase<ILoggingEvent> {
    private final List<String> lines = new ArrayList<>();
    private final List<Level> levels = new ArrayList<>();

    /** Attaches to the root logger (idempotent). */
    public synchronized LogCapture attach() {
        Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME);
        if (root.getAppender(getName()) == null) {
            setName("log-capture-" + System.identityHashCode(this));
            setContext(root.getLoggerContext());
            start();
            root.addAppender(this);
        }
        return this;
    }

    public void detach() {
        ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(this);
        stop();
    }

    @Override
    protected synchronized void append(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(event.getLoggerName()).append(' ').append(event.getFormattedMessage());
        for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
            line.append('\n').append(t.getClassName()).append(": ").append(t.getMessage());
            for (StackTraceElementProxy frame : t.getStackTraceElementProxyArray()) {
                line.append("\n\tat ").append(frame.getSTEAsString());
            }
        }
        lines.add(line.toString());
        levels.add(event.getLevel());
    }

    /** Every event so far, as text. */
    public synchronized List<String> all() {
        return List.copyOf(lines);
    }

    /** Events at {@code level} or above. */
    public synchronized List<String> atLeast(Level level) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (levels.get(i).isGreaterOrEqual(level)) out.add(lines.get(i));
        }
        return out;
    }
}
