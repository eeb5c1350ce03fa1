using System.Data;
using System.Data.Common;

namespace Sodimo.Crm.Infrastructure.Ledger;

/// <summary>Small ADO.NET helpers shared by the ledger's stores.</summary>
internal static class Sql
{
    /// <summary>Adds a named parameter; text (and null) is typed as a string so both stores infer the same type.</summary>
    public static void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        switch (value)
        {
            case null:
                parameter.DbType = DbType.String;
                parameter.Value = DBNull.Value;
                break;
            case string text:
                parameter.DbType = DbType.String;
                parameter.Value = text;
                break;
            default:
                parameter.Value = value;
                break;
        }

        command.Parameters.Add(parameter);
    }

    /// <summary>Creates a command with its text, in a transaction when there is one.</summary>
    /// <remarks>
    /// On a connection the SQLite dialect keeps open, the command (and its prepared statement) is kept for the next
    /// use of the same text: set its text here only, never afterwards.
    /// </remarks>
    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string text)
    {
        if (connection is SqliteLedgerDialect.ReusableSqliteConnection reusable)
        {
            return reusable.Command(text, transaction);
        }

        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = text;
        return command;
    }

    /// <summary>Reads a nullable text column.</summary>
    public static string? NullableString(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
