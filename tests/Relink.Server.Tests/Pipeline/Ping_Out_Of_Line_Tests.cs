using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Relink.Protocol;
using Relink.Protocol.Messages;
using Relink.Storage;
using Relink.Testing;
using Relink.Testing.Server;

namespace Relink.Server.Tests.Pipeline;

/// <summary>
/// Liveness does not wait on the store: a ping written behind a request that is stuck on the store (its pool
/// exhausted, the database slow) is answered at once, and the stuck request still gets its answer, in order with
/// the requests behind it.
/// </summary>
public sealed class Ping_Out_Of_Line_Tests
{
    [Fact]
    public async Task A_ping_behind_a_request_stuck_on_the_store_is_answered_and_the_requests_keep_their_order()
    {
        StallingStore stall = null!;
        await using var server = await TestServer.StartAsync(services: s =>
        {
            var sqlite = s.Last(d => d.ServiceType == typeof(IChatStore)).ImplementationFactory!;
            s.AddSingleton(sp => StallingStore.Wrap((IChatStore)sqlite(sp), nameof(IChatStore.ListFriendsAsync), out stall));
        });
        await using var ann = await Users.NewAsync(server.TcpPort, Users.Unique("ping"));
        stall.Hold();

        await ann.Client.SendRawAsync([
            .. FrameWriter.ToFrameBytes(new Envelope { RequestId = 10, ListFriends = new ListFriendsRequest() }),
            .. FrameWriter.ToFrameBytes(new Envelope { RequestId = 11, ListGroups = new ListGroupsRequest() }),
            .. FrameWriter.ToFrameBytes(new Envelope { RequestId = 12, Ping = new Ping() }),
        ]);

        var first = await ann.Client.ReceiveAsync(e => e.RequestId != 0, "the first answer");
        first.RequestId.ShouldBe(12u, "the ping is answered while the friends list waits on the store");
        first.BodyCase.ShouldBe(Envelope.BodyOneofCase.Pong);

        stall.Release();
        (await ann.Client.ReceiveAsync(e => e.RequestId != 0, "the friends list")).RequestId.ShouldBe(10u);
        (await ann.Client.ReceiveAsync(e => e.RequestId != 0, "the groups, after it")).RequestId.ShouldBe(11u);
    }

    /// <summary>A real store whose <see cref="Method"/> waits, while held, until released.</summary>
    public class StallingStore : DispatchProxy
    {
        private IChatStore _inner = null!;
        private volatile TaskCompletionSource? _held;

        public string Method { get; private set; } = "";

        public static IChatStore Wrap(IChatStore inner, string method, out StallingStore stall)
        {
            var proxy = Create<IChatStore, StallingStore>();
            stall = (StallingStore)(object)proxy;
            stall._inner = inner;
            stall.Method = method;
            return proxy;
        }

        public void Hold() => _held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => _held?.TrySetResult();

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (targetMethod!.Name == Method && _held is { } held)
            {
                return AfterAsync(held.Task, targetMethod, args);
            }

            return Forward(targetMethod, args);
        }

        private async Task<IReadOnlyList<UserRecord>> AfterAsync(Task held, MethodInfo method, object?[]? args)
        {
            await held;
            return await (Task<IReadOnlyList<UserRecord>>)Forward(method, args)!;
        }

        private object? Forward(MethodInfo method, object?[]? args)
        {
            try
            {
                return method.Invoke(_inner, args);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                throw e.InnerException;
            }
        }
    }
}
