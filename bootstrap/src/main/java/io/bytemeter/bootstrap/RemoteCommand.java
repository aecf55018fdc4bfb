package io.bytemeter.bootstrap;

/**
 * A command to a cache server that the agent made carry its client: the client library's command
 * class gains this interface and a field when it loads, so that advice where the command is handed
 * to a connection (Lettuce's endpoint) can tell it whose it is, and advice where it completes can
 * record it for that client, with no lookup and no allocation.
 */
public interface RemoteCommand {

    /** The client (connection endpoint) the command is written for. */
    void bytemeter$client(Object client);
}
