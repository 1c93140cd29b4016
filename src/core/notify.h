/*
 * notify.h -- tell systemd how the service is doing (sd_notify(3)'s
 * protocol), without linking libsystemd.
 *
 * Under Type=notify systemd puts the path of a datagram socket in
 * NOTIFY_SOCKET and waits for "READY=1" before it calls the start done;
 * "RELOADING=1", "STOPPING=1" and "WATCHDOG=1" follow the same way.
 * Outside systemd NOTIFY_SOCKET is unset and every call does nothing.
 */
#ifndef NG_CORE_NOTIFY_H
#define NG_CORE_NOTIFY_H

/*
 * Send state (e.g. "READY=1\nSTATUS=serving") to $NOTIFY_SOCKET.
 * Returns 1 if sent, 0 if there is no socket to tell, -1 on error
 * (errno set).  Safe from any thread.
 */
int notify_send(const char *state);

/*
 * The watchdog interval systemd asked for (WATCHDOG_USEC, if meant for
 * this process), in microseconds; 0 when there is none.
 */
unsigned long long notify_watchdog_usec(void);

#endif
