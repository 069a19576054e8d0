using System.Collections.Concurrent;
using System.Net;
using Relink.Server.Configuration;
using Relink.Server.Diagnostics;

namespace Relink.Server.Limits;

/// <summary>
/// Counts open connections in all, per address, and anonymous per address, and refuses the ones over a limit, so
/// one host cannot take all the server's sockets (a flood of connections that never log in included).
/// </summary>
public sealed class ConnectionAdmission(LimitOptions options)
{
    private readonly ConcurrentDictionary<string, Counts> _byAddress = new(StringComparer.Ordinal);
    private int _total;

    /// <summary>Which limit refused a connection and why, or null when admitted (and counted: call <see cref="Release"/> later).</summary>
    public AdmissionRefusal? TryAdmit(string address)
    {
        if (Interlocked.Increment(ref _total) is var total && options.MaxConnections > 0 && total > options.MaxConnections)
        {
            Interlocked.Decrement(ref _total);
            return new(RefusedLimit.Connections, $"The server is at its limit of {options.MaxConnections} connections.");
        }

        while (true)
        {
            var counts = _byAddress.GetOrAdd(address, _ => new Counts());
            lock (counts)
            {
                if (counts.Removed)
                {
                    continue; // emptied and dropped by a Release between GetOrAdd and lock: take the new entry
                }

                if (options.MaxConnectionsPerAddress > 0 && counts.Open >= options.MaxConnectionsPerAddress)
                {
                    Interlocked.Decrement(ref _total);
                    return new(RefusedLimit.ConnectionsPerAddress, $"Too many connections from your address (limit {options.MaxConnectionsPerAddress}).");
                }

                if (options.MaxAnonymousPerAddress > 0 && counts.Anonymous >= options.MaxAnonymousPerAddress)
                {
                    Interlocked.Decrement(ref _total);
                    return new(RefusedLimit.AnonymousPerAddress, $"Too many connections from your address that have not logged in (limit {options.MaxAnonymousPerAddress}).");
                }

                counts.Open++;
                counts.Anonymous++;
                return null;
            }
        }
    }

    /// <summary>An admitted connection logged in: it no longer counts as anonymous.</summary>
    public void Authenticated(string address) => Update(address, c => c.Anonymous--);

    /// <summary>An admitted connection closed.</summary>
    public void Release(string address, bool wasAuthenticated)
    {
        Interlocked.Decrement(ref _total);
        Update(address, c =>
        {
            c.Open--;
            if (!wasAuthenticated)
            {
                c.Anonymous--;
            }
        });
    }

    /// <summary>The address part of a remote endpoint ("1.2.3.4:5678" → "1.2.3.4").</summary>
    public static string AddressOf(EndPoint? endPoint) => endPoint switch
    {
        IPEndPoint ip => ip.Address.IsIPv4MappedToIPv6 ? ip.Address.MapToIPv4().ToString() : ip.Address.ToString(),
        null => "?",
        _ => endPoint.ToString() ?? "?",
    };

    private void Update(string address, Action<Counts> change)
    {
        if (!_byAddress.TryGetValue(address, out var counts))
        {
            return;
        }

        lock (counts)
        {
            change(counts);
            if (counts.Open == 0)
            {
                counts.Removed = true;
                _byAddress.TryRemove(KeyValuePair.Create(address, counts));
            }
        }
    }

    private sealed class Counts
    {
        public int Open;
        public int Anonymous;
        public bool Removed;
    }
}

/// <summary>A connection refused at the door: the limit (for metrics) and the message the client gets.</summary>
public readonly record struct AdmissionRefusal(RefusedLimit Limit, string Message);
