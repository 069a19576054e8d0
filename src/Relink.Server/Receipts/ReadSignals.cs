using System.Collections.Concurrent;
using Relink.Protocol.Messages;
using Relink.Server.Configuration;
using Relink.Server.Sessions;
using Relink.Storage;
using ConversationKind = Relink.Protocol.Messages.ConversationKind;

namespace Relink.Server.Receipts;

/// <summary>
/// Turns read-cursor and delivery moves into pushes, and keeps them cheap: a read position moves with every glance
/// at a conversation and a delivery cursor with every message, so only forward moves count, and each (user,
/// conversation) causes at most one push per <see cref="RelinkServerOptions.ReadNoticeInterval"/>. The first move
/// after a quiet interval goes out at once (a tick turns blue without waiting); later ones wait for ONE
/// server-wide timer (never one per connection or conversation) and go out together, carrying the newest values.
/// </summary>
/// <remarks>
/// What one push is: read sync to the reader's other sessions (their unread badge clears), and a
/// <see cref="ReadNotice"/> to the other participants (the 1:1 friend, or the group's members) unless the reader
/// turned receipts off. Everything leaves through <see cref="IReadSignalPublisher"/>, the seam a bus routes.
/// Tracking is bounded (<see cref="MaxTracked"/>): past it a move is pushed at once, uncoalesced, rather than
/// remembered; a (user, conversation) quiet for two intervals is forgotten.
/// </remarks>
public sealed class ReadSignals : IHostedService, IDisposable
{
    /// <summary>How many (user, conversation) pairs are remembered between pushes at most (about 100 bytes each).</summary>
    public const int MaxTracked = 100_000;

    private readonly ConcurrentDictionary<(string User, string Conversation), Track> _tracks = new();
    private readonly IReadSignalPublisher _publisher;
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private ITimer? _timer;
    private int _flushing;

    /// <summary>Creates the coalescer with the server's interval.</summary>
    public ReadSignals(IReadSignalPublisher publisher, RelinkServerOptions options, TimeProvider time)
    {
        _publisher = publisher;
        _time = time;
        _interval = options.ReadNoticeInterval;
    }

    /// <summary>How many (user, conversation) pairs are remembered now (for tests and diagnostics).</summary>
    public int Tracked => _tracks.Count;

    /// <summary>
    /// <paramref name="reader"/>'s user moved their read cursor forward in a conversation (the store said it
    /// moved) to <paramref name="readSeq"/>, leaving <paramref name="unread"/>.
    /// </summary>
    public void Read(Session reader, string conversationId, long readSeq, int unread) =>
        Move(reader.UserId, conversationId, track =>
        {
            if (readSeq <= track.Read)
            {
                return false;
            }

            track.Read = readSeq;
            track.Unread = unread;
            track.ReadMoved = true;
            track.ReaderShares = !reader.ReadReceiptsOff;
            track.Source = reader;
            return true;
        });

    /// <summary>A device of <paramref name="userId"/> received a 1:1 conversation up to <paramref name="deliveredSeq"/>.</summary>
    public void Delivered(string userId, string conversationId, long deliveredSeq)
    {
        if (ConversationId.IsGroup(conversationId))
        {
            return; // groups show "read by N", not delivery
        }

        Move(userId, conversationId, track =>
        {
            if (deliveredSeq <= track.Delivered)
            {
                return false;
            }

            track.Delivered = deliveredSeq;
            track.DeliveredMoved = true;
            return true;
        });
    }

    /// <summary>
    /// The user of <paramref name="changer"/> turned read receipts on or off: every session of theirs takes it up
    /// (and the others are told), through the same seam as the receipts themselves.
    /// </summary>
    public void SettingChanged(Session changer, bool enabled) =>
        _publisher.ToOwnSessions(changer.UserId, new Envelope { ReadReceiptsChanged = new ReadReceiptsResponse { Enabled = enabled } }, except: changer);

    private void Move(string userId, string conversationId, Func<Track, bool> apply)
    {
        var key = (userId, conversationId);
        while (true)
        {
            if (!_tracks.TryGetValue(key, out var track))
            {
                if (_tracks.Count >= MaxTracked)
                {
                    var untracked = new Track();
                    if (apply(untracked))
                    {
                        Publish(userId, conversationId, untracked.Take(_time.GetTimestamp()));
                    }

                    return;
                }

                track = _tracks.GetOrAdd(key, static _ => new Track());
            }

            Pending? due = null;
            lock (track)
            {
                if (track.Forgotten)
                {
                    continue; // the timer dropped it between our lookup and the lock: take a fresh one
                }

                if (!apply(track))
                {
                    return;
                }

                long now = _time.GetTimestamp();
                if (track.LastPushAt is not { } last || _time.GetElapsedTime(last, now) >= _interval)
                {
                    due = track.Take(now);
                }
            }

            if (due is { } pending)
            {
                Publish(userId, conversationId, pending);
            }

            return;
        }
    }

    /// <summary>
    /// Pushes every move that waited its interval out, and forgets pairs quiet for two intervals. Called by the
    /// timer; tests call it after moving a manual clock.
    /// </summary>
    public void Flush()
    {
        if (Interlocked.Exchange(ref _flushing, 1) != 0)
        {
            return; // a slow flush is still running
        }

        try
        {
            long now = _time.GetTimestamp();
            foreach (var (key, track) in _tracks)
            {
                Pending? due = null;
                lock (track)
                {
                    bool waited = track.LastPushAt is not { } last || _time.GetElapsedTime(last, now) >= _interval;
                    if (track.HasMoves && waited)
                    {
                        due = track.Take(now);
                    }
                    else if (!track.HasMoves && _time.GetElapsedTime(track.LastPushAt ?? now, now) >= 2 * _interval)
                    {
                        track.Forgotten = true;
                        _tracks.TryRemove(new KeyValuePair<(string, string), Track>(key, track));
                    }
                }

                if (due is { } pending)
                {
                    Publish(key.User, key.Conversation, pending);
                }
            }
        }
        finally
        {
            Volatile.Write(ref _flushing, 0);
        }
    }

    private void Publish(string userId, string conversationId, Pending p)
    {
        bool group = ConversationId.IsGroup(conversationId);
        string groupId = group ? ConversationId.GroupIdOf(conversationId) : "";
        string other = group ? "" : ConversationId.OtherParticipant(conversationId, userId);
        if (p.ReadMoved)
        {
            _publisher.ToOwnSessions(userId, new Envelope
            {
                ReadSync = new ReadSyncNotice
                {
                    Peer = group ? new Peer { Kind = ConversationKind.Group, Id = groupId } : new Peer { Kind = ConversationKind.Direct, Id = other },
                    ConversationId = conversationId,
                    ReadSeq = p.Read,
                    Unread = p.Unread,
                },
            }, p.Source);
        }

        bool readShown = p.ReadMoved && p.ReaderShares;
        if (group)
        {
            if (readShown)
            {
                _publisher.ToGroup(groupId, new ReadNotice { Peer = new Peer { Kind = ConversationKind.Group, Id = groupId }, UserId = userId, ReadSeq = p.Read });
            }
        }
        else if (readShown || p.DeliveredMoved)
        {
            long read = p.ReaderShares ? p.Read : 0; // with receipts off only delivery is told
            _publisher.ToUser(other, new ReadNotice
            {
                Peer = new Peer { Kind = ConversationKind.Direct, Id = userId },
                UserId = userId,
                ReadSeq = read,
                DeliveredSeq = Math.Max(p.Delivered, read), // what was read was received
            });
        }
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _timer = _time.CreateTimer(_ => Flush(), null, _interval, _interval);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken)
    {
        _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public void Dispose() => _timer?.Dispose();

    /// <summary>What one (user, conversation) has moved to, and whether it waits to be pushed. Guarded by its own lock.</summary>
    private sealed class Track
    {
        public long Read;
        public int Unread;
        public long Delivered;
        public bool ReadMoved;
        public bool DeliveredMoved;
        public bool ReaderShares = true;
        public Session? Source;
        public long? LastPushAt;
        public bool Forgotten;

        public bool HasMoves => ReadMoved || DeliveredMoved;

        public Pending Take(long now)
        {
            var pending = new Pending(Read, Unread, Delivered, ReadMoved, DeliveredMoved, ReaderShares, Source);
            ReadMoved = DeliveredMoved = false;
            Source = null; // no session kept alive past its push
            LastPushAt = now;
            return pending;
        }
    }

    private readonly record struct Pending(long Read, int Unread, long Delivered, bool ReadMoved, bool DeliveredMoved, bool ReaderShares, Session? Source);
}
