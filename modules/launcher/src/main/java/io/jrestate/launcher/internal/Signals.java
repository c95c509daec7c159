package io.jrestate.launcher.internal;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Runs an action on SIGTERM and SIGINT instead of the JVM's default (run shutdown hooks and exit with 128+signal).
 *
 * <p>Handling the signals directly lets the launcher stop the node in order, keep logging until the end, and exit
 * with code 0 after a graceful shutdown. {@code sun.misc.Signal} (module {@code jdk.unsupported}) is reached by
 * reflection, because javac reports every direct use as an unsuppressible warning and the build treats warnings
 * as errors.
 */
public final class Signals {
    private static final System.Logger LOG = System.getLogger(Signals.class.getName());

    private Signals() {
    }

    /**
     * Installs {@code action} for SIGTERM and SIGINT.
     *
     * @param action what to do; runs on the JVM's signal thread and must return quickly
     * @return true when installed; false when this JVM does not offer signal handling (then the JVM's default
     *     applies)
     */
    public static boolean onTerminate(final Runnable action) {
        try {
            final Class<?> signalClass = Class.forName("sun.misc.Signal");
            final Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            final Constructor<?> newSignal = signalClass.getConstructor(String.class);
            final Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
            final InvocationHandler invocation = (proxy, method, args) -> {
                if (method.getName().equals("handle")) {
                    action.run();
                    return null;
                }
                return switch (method.getName()) {
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> "terminate-signal-handler";
                };
            };
            final Object handler = Proxy.newProxyInstance(Signals.class.getClassLoader(),
                    new Class<?>[] {handlerClass}, invocation);
            for (final String name : new String[] {"TERM", "INT"}) {
                handle.invoke(null, newSignal.newInstance(name), handler);
            }
            return true;
        } catch (final ReflectiveOperationException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot handle SIGTERM/SIGINT ({0}); the JVM default applies",
                    e.toString());
            return false;
        }
    }
}
