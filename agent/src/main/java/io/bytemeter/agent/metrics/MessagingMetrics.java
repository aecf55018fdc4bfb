package io.bytemeter.agent.metrics;

import io.bytemeter.bootstrap.MessagingSink;
import io.bytemeter.bootstrap.Timing;
import io.bytemeter.instrumentation.Role;
import io.bytemeter.instrumentation.Site;
import io.bytemeter.instrumentation.Sites;

/**
 * The messaging family, with OpenTelemetry's messaging names: the one sink every broker's client
 * and every custom messaging role feeds. It hands each call to the concern it belongs to
 * ({@link MessageSends}, {@link MessageReceives}, {@link GroupConsumers}, {@link MessageSettlements}),
 * whose javadoc shows the lines each writes, and counts what throws in the agent's recorder errors.
 *
 * <p>For custom code, {@code messaging.system} is the instance name (the class, or
 * {@code bytemeter.messaging.names}) and the destination is the method's {@code String}
 * parameter, else the instance name too:
 *
 * <pre>
 * messaging_client_sent_messages_total{messaging_destination_name="orders",messaging_operation_name="send",messaging_system="InMemoryBroker"} 1000.0
 * messaging_client_operation_errors_total{error_type="java.lang.IllegalStateException",messaging_destination_name="orders",messaging_operation_name="send",messaging_system="InMemoryBroker"} 2.0
 * </pre>
 */
public final class MessagingMetrics implements MessagingSink, MetricSource {

    /** A custom producer's or consumer's site: its system, and for a consumer its group of receives. */
    private static final class RoleSite {
        final String system;
        final MessageReceives.Group receives;

        RoleSite(String system, MessageReceives.Group receives) {
            this.system = system;
            this.receives = receives;
        }
    }

    private final AgentMetrics agent;
    private final MessageSends sends;
    private final MessageReceives receives;
    private final GroupConsumers consumers = new GroupConsumers();
    private final MessageSettlements settlements = new MessageSettlements();
    private final SiteSeries<RoleSite> roleSites;

    public MessagingMetrics(Sites sites, AgentMetrics agent, int maxSeries) {
        this.agent = agent;
        this.sends = new MessageSends(agent, maxSeries);
        this.receives = new MessageReceives(agent, maxSeries);
        this.roleSites = new SiteSeries<>(sites, site -> site.name() + " " + site.role(), this::roleSite);
    }

    private RoleSite roleSite(Site site) {
        boolean sending = site.role() == Role.MESSAGING_PRODUCE;
        return new RoleSite(site.name(), sending ? null : receives.group(site.name(), MessageReceives.NO_GROUP));
    }

    @Override
    public void sent(String system, String destination, long bytes, String errorType, long nanos) {
        try {
            sends.record(system, destination, 1, bytes, errorType, nanos);
        } catch (Throwable t) {
            agent.recorderError(system + ".send", t);
        }
    }

    @Override
    public boolean sentAwaitingConfirm(Object channel, long seqNo, String system, String destination, long bytes, long start) {
        try {
            return sends.awaitConfirm(channel, seqNo, system, destination, bytes, start);
        } catch (Throwable t) {
            agent.recorderError(system + ".send", t);
            return false;
        }
    }

    @Override
    public void confirmCancelled(Object channel, long seqNo) {
        try {
            sends.confirmCancelled(channel, seqNo);
        } catch (Throwable t) {
            agent.recorderError("messaging.confirm", t);
        }
    }

    @Override
    public void confirmed(Object channel, long seqNo, boolean multiple, boolean nack) {
        try {
            sends.confirmed(channel, seqNo, multiple, nack);
        } catch (Throwable t) {
            agent.recorderError("messaging.confirm", t);
        }
    }

    @Override
    public void received(String system, String destination, long bytes, long ageMillis, long nanos) {
        try {
            MessageReceives.Group group = receives.group(system, MessageReceives.NO_GROUP);
            group.received(destination, 1, bytes, ageMillis);
            group.pollDuration.recordWeighted(nanos, Timing.remoteInterval());
        } catch (Throwable t) {
            agent.recorderError(system + ".receive", t);
        }
    }

    @Override
    public void receiveFailed(String system, String destination, String errorType) {
        try {
            receives.group(system, MessageReceives.NO_GROUP).called(destination, errorType, Timing.NO_DURATION);
        } catch (Throwable t) {
            agent.recorderError(system + ".receive", t);
        }
    }

    @Override
    public void processed(String system, String destination, long nanos) {
        try {
            receives.group(system, MessageReceives.NO_GROUP).processed(destination, nanos);
        } catch (Throwable t) {
            agent.recorderError(system + ".process", t);
        }
    }

    @Override
    public void deliversFrom(Object consumer, String destination) {
        try {
            receives.deliversFrom(consumer, destination);
        } catch (Throwable t) {
            agent.recorderError("messaging.consume", t);
        }
    }

    @Override
    public String destinationOf(Object consumer) {
        return receives.destinationOf(consumer);
    }

    @Override
    public void consumerSeen(Object consumer, String system, String group) {
        try {
            consumers.seen(consumer, receives.group(system, group));
        } catch (Throwable t) {
            agent.recorderError(system + ".poll", t);
        }
    }

    @Override
    public boolean knowsConsumer(Object consumer) {
        return consumers.get(consumer) != null;
    }

    @Override
    public void consumed(Object consumer, String destination, long bytes, long ageMillis) {
        try {
            GroupConsumers.Consumer state = consumers.get(consumer);
            if (state != null) {
                state.group.received(destination, 1, bytes, Math.max(0, ageMillis));
            }
        } catch (Throwable t) {
            agent.recorderError("messaging.poll", t);
        }
    }

    @Override
    public void consumerProcessed(Object consumer, String destination, long nanos) {
        try {
            GroupConsumers.Consumer state = consumers.get(consumer);
            if (state != null) {
                state.group.processed(destination, nanos);
            }
        } catch (Throwable t) {
            agent.recorderError("messaging.process", t);
        }
    }

    @Override
    public void pollStarting(Object consumer) {
        try {
            GroupConsumers.Consumer state = consumers.get(consumer);
            if (state != null) {
                consumers.pollStarting(state);
            }
        } catch (Throwable t) {
            agent.recorderError("messaging.poll", t);
        }
    }

    @Override
    public void polled(Object consumer, int records, long nanos) {
        try {
            GroupConsumers.Consumer state = consumers.get(consumer);
            if (state != null) {
                consumers.polled(state, records, nanos);
            }
        } catch (Throwable t) {
            agent.recorderError("messaging.poll", t);
        }
    }

    @Override
    public boolean lagDue(Object consumer, int records) {
        GroupConsumers.Consumer state = consumers.get(consumer);
        return state != null && consumers.lagDue(state, records);
    }

    @Override
    public void lag(Object consumer, String destination, int partition, long lag) {
        GroupConsumers.Consumer state = consumers.get(consumer);
        if (state != null) {
            consumers.lag(state, destination, partition, lag);
        }
    }

    @Override
    public void lagReported(Object consumer) {
        GroupConsumers.Consumer state = consumers.get(consumer);
        if (state != null) {
            consumers.lagReported(state);
        }
    }

    @Override
    public void consumerClosed(Object consumer) {
        GroupConsumers.Consumer state = consumers.get(consumer);
        if (state != null) {
            state.closed = true;
        }
    }

    @Override
    public void settled(String system, String operation) {
        try {
            settlements.settled(system, operation);
        } catch (Throwable t) {
            agent.recorderError(system + ".settle", t);
        }
    }

    @Override
    public void sent(int site, String destination, Object payload, Throwable error, long nanos) {
        try {
            RoleSite role = roleSites.get(site);
            String errorType = error == null ? null : error.getClass().getName();
            long messages = payload == null ? 1 : Payloads.messages(payload);
            sends.record(role.system, destination == null ? role.system : destination, messages, Payloads.bytes(payload),
                    errorType, nanos);
        } catch (Throwable t) {
            agent.recorderError("messaging.produce", t);
        }
    }

    @Override
    public void received(int site, String destination, Object payload, Throwable error, long nanos) {
        try {
            RoleSite role = roleSites.get(site);
            String name = destination == null ? role.system : destination;
            role.receives.called(name, error == null ? null : error.getClass().getName(), nanos);
            if (error == null) {
                role.receives.received(name, Payloads.messages(payload), Payloads.bytes(payload), -1);
            }
        } catch (Throwable t) {
            agent.recorderError("messaging.consume", t);
        }
    }

    @Override
    public void collect(MetricWriter out) {
        sends.collect(out);
        receives.collect(out);
        consumers.collect(out);
        settlements.collect(out);
    }
}
