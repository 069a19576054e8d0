using System.Reflection;

namespace Relink.Client.Tests;

public class PublicApi_Tests
{
    // The generated protobuf classes change with proto/relink.proto: an app that saw them would break with the schema.
    [Fact]
    public void No_public_member_of_the_sdk_exposes_a_protocol_or_protobuf_type()
    {
        Assembly sdk = typeof(RelinkClient).Assembly;
        Assembly wire = typeof(Relink.Protocol.Messages.Envelope).Assembly;
        var leaks = new List<string>();
        foreach (Type type in sdk.GetExportedTypes())
        {
            foreach ((string where, Type used) in Signatures(type))
            {
                if (Unwrap(used).Any(t => t.Assembly == wire || t.Namespace?.StartsWith("Google.Protobuf", StringComparison.Ordinal) == true))
                {
                    leaks.Add($"{type.FullName}.{where}: {used}");
                }
            }
        }

        leaks.ShouldBeEmpty();
    }

    // Every type a caller meets through a public type: its base and interfaces, and what its public and protected
    // members take and return.
    private static IEnumerable<(string Where, Type Used)> Signatures(Type type)
    {
        if (type.BaseType is { } baseType)
        {
            yield return ("(base)", baseType);
        }

        foreach (Type contract in type.GetInterfaces())
        {
            yield return ("(interface)", contract);
        }

        const BindingFlags declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (MemberInfo member in type.GetMembers(declared))
        {
            switch (member)
            {
                case FieldInfo field when field.IsPublic || field.IsFamily || field.IsFamilyOrAssembly:
                    yield return (field.Name, field.FieldType);
                    break;
                case PropertyInfo property when property.GetMethod is { } get && (get.IsPublic || get.IsFamily || get.IsFamilyOrAssembly):
                    yield return (property.Name, property.PropertyType);
                    break;
                case EventInfo @event when @event.AddMethod is { IsPublic: true }:
                    yield return (@event.Name, @event.EventHandlerType!);
                    break;
                case MethodBase method when method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly:
                    if (method is MethodInfo returning)
                    {
                        yield return (method.Name, returning.ReturnType);
                    }

                    foreach (ParameterInfo parameter in method.GetParameters())
                    {
                        yield return ($"{method.Name}({parameter.Name})", parameter.ParameterType);
                    }

                    break;
            }
        }
    }

    private static IEnumerable<Type> Unwrap(Type type)
    {
        yield return type;
        if (type.HasElementType)
        {
            foreach (Type inner in Unwrap(type.GetElementType()!))
            {
                yield return inner;
            }
        }

        if (type.IsGenericType)
        {
            foreach (Type argument in type.GetGenericArguments().SelectMany(Unwrap))
            {
                yield return argument;
            }
        }
    }
}
