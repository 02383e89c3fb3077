// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "migrate/planstorage.h"

#include <QJsonArray>

#include <array>
#include <utility>

namespace PgOps::PlanStorage {

namespace {
// Bumped when a field changes meaning; a reader refuses a format it does not know rather than
// run a step it half understands.
constexpr int formatVersion = 1;

constexpr std::array<std::pair<Severity, const char *>, 3> severityNames {{
    {Severity::None, "none"},
    {Severity::Warn, "warn"},
    {Severity::Critical, "critical"},
}};

QJsonArray strings(const QStringList &list)
{
    return QJsonArray::fromStringList(list);
}

QJsonObject name(const QualifiedName &n)
{
    return {{QStringLiteral("schema"), n.schema}, {QStringLiteral("name"), n.name}};
}

QJsonObject backfillJson(const BackfillFacts &b)
{
    return {
        {QStringLiteral("table"), name(b.table)},
        {QStringLiteral("assignments"), strings(b.assignments)},
        {QStringLiteral("keyColumns"), strings(b.keyColumns)},
        {QStringLiteral("pendingCondition"), b.pendingCondition},
        {QStringLiteral("setup"), strings(b.setup)},
    };
}

QJsonArray locksJson(const QList<DdlLock> &locks)
{
    QJsonArray array;
    for (const DdlLock &lock : locks)
        array.append(QJsonObject {{QStringLiteral("mode"), LockModes::toSql(lock.mode)},
                                  {QStringLiteral("relation"), name(lock.relation)}});
    return array;
}

QString severityName(Severity severity)
{
    for (const auto &[value, text] : severityNames)
        if (value == severity)
            return QString::fromLatin1(text);
    return {};
}

QJsonArray findingsJson(const QList<RuleFinding> &findings)
{
    QJsonArray array;
    for (const RuleFinding &f : findings)
        array.append(QJsonObject {{QStringLiteral("rule"), f.rule},
                                  {QStringLiteral("message"), f.message},
                                  {QStringLiteral("safer"), f.safer},
                                  {QStringLiteral("severity"), severityName(f.severity)},
                                  {QStringLiteral("table"), name(f.table)}});
    return array;
}

// Reads typed fields of one object; the first problem wins and names the field's path.
class Reader
{
public:
    Reader(const QJsonObject &object, QString path, QString *error)
        : m_object(object), m_path(std::move(path)), m_error(error)
    {
    }

    bool ok() const { return m_ok; }
    QString path(const QString &key) const { return m_path.isEmpty() ? key : m_path + QLatin1Char('.') + key; }

    bool fail(const QString &key, const QString &problem)
    {
        if (m_ok && m_error)
            *m_error = QStringLiteral("%1: %2").arg(path(key), problem);
        m_ok = false;
        return false;
    }

    // Missing and optional: leaves `out` as it is.
    QJsonValue value(const QString &key, bool required)
    {
        const QJsonValue v = m_object.value(key);
        if (v.isUndefined() && required)
            fail(key, QStringLiteral("missing"));
        return v;
    }

    void string(const QString &key, QString *out, bool required = true)
    {
        const QJsonValue v = value(key, required);
        if (v.isUndefined())
            return;
        if (!v.isString())
            fail(key, QStringLiteral("must be a string"));
        else
            *out = v.toString();
    }

    void boolean(const QString &key, bool *out, bool required = true)
    {
        const QJsonValue v = value(key, required);
        if (v.isUndefined())
            return;
        if (!v.isBool())
            fail(key, QStringLiteral("must be true or false"));
        else
            *out = v.toBool();
    }

    void integer(const QString &key, int *out, bool required = true)
    {
        const QJsonValue v = value(key, required);
        if (v.isUndefined())
            return;
        const double d = v.toDouble(-1);
        if (!v.isDouble() || d < 0 || d != double(int(d)))
            fail(key, QStringLiteral("must be a whole number from 0"));
        else
            *out = int(d);
    }

    void stringList(const QString &key, QStringList *out, bool required = false)
    {
        const QJsonValue v = value(key, required);
        if (v.isUndefined())
            return;
        if (!v.isArray())
            return void(fail(key, QStringLiteral("must be an array of strings")));
        QStringList list;
        const QJsonArray array = v.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            if (!array.at(i).isString())
                return void(fail(QStringLiteral("%1[%2]").arg(key).arg(i), QStringLiteral("must be a string")));
            list << array.at(i).toString();
        }
        *out = list;
    }

    // An object (or each object of an array) read by a nested Reader whose errors carry the path.
    QJsonObject object(const QString &key, bool required)
    {
        const QJsonValue v = value(key, required);
        if (v.isUndefined())
            return {};
        if (!v.isObject())
            fail(key, QStringLiteral("must be an object"));
        return v.toObject();
    }

    QJsonArray array(const QString &key)
    {
        const QJsonValue v = value(key, false);
        if (v.isUndefined())
            return {};
        if (!v.isArray())
            fail(key, QStringLiteral("must be an array"));
        return v.toArray();
    }

    void qualifiedName(const QString &key, QualifiedName *out, bool required = false)
    {
        const QJsonObject o = object(key, required);
        if (!m_ok || o.isEmpty())
            return;
        Reader r(o, path(key), m_error);
        r.string(QStringLiteral("schema"), &out->schema, false);
        r.string(QStringLiteral("name"), &out->name);
        m_ok = r.ok();
    }

    // A name one of `toName`'s values spells.
    template<typename T, typename FromName> void named(const QString &key, T *out, FromName fromName, const char *what)
    {
        QString text;
        string(key, &text);
        if (!m_ok)
            return;
        bool known = false;
        const T value = fromName(text, &known);
        if (!known)
            fail(key, QStringLiteral("\"%1\" is not %2").arg(text, QLatin1String(what)));
        else
            *out = value;
    }

    void setOk(bool ok) { m_ok = m_ok && ok; }

private:
    QJsonObject m_object;
    QString m_path;
    QString *m_error;
    bool m_ok = true;
};

void readLocks(Reader &r, QList<DdlLock> *locks, QString *error)
{
    const QJsonArray array = r.array(QStringLiteral("locks"));
    for (qsizetype i = 0; r.ok() && i < array.size(); ++i) {
        const QString key = QStringLiteral("locks[%1]").arg(i);
        if (!array.at(i).isObject())
            return void(r.fail(key, QStringLiteral("must be an object")));
        Reader lock(array.at(i).toObject(), r.path(key), error);
        DdlLock l;
        lock.named(
            QStringLiteral("mode"), &l.mode,
            [](const QString &text, bool *ok) {
                const LockMode mode = LockModes::fromString(text);
                *ok = mode != LockMode::None || text.isEmpty();
                return mode;
            },
            "a lock mode (\"ACCESS EXCLUSIVE\", \"SHARE\", …)");
        lock.qualifiedName(QStringLiteral("relation"), &l.relation, true);
        r.setOk(lock.ok());
        *locks << l;
    }
}

void readFindings(Reader &r, QList<RuleFinding> *findings, QString *error)
{
    const QJsonArray array = r.array(QStringLiteral("findings"));
    for (qsizetype i = 0; r.ok() && i < array.size(); ++i) {
        const QString key = QStringLiteral("findings[%1]").arg(i);
        if (!array.at(i).isObject())
            return void(r.fail(key, QStringLiteral("must be an object")));
        Reader finding(array.at(i).toObject(), r.path(key), error);
        RuleFinding f;
        finding.string(QStringLiteral("rule"), &f.rule);
        finding.string(QStringLiteral("message"), &f.message, false);
        finding.string(QStringLiteral("safer"), &f.safer, false);
        finding.named(
            QStringLiteral("severity"), &f.severity,
            [](const QString &text, bool *ok) {
                *ok = false;
                Severity severity = Severity::None;
                for (const auto &[value, spelled] : severityNames) {
                    if (text == QLatin1String(spelled)) {
                        *ok = true;
                        severity = value;
                    }
                }
                return severity;
            },
            "a severity (\"none\", \"warn\", \"critical\")");
        finding.qualifiedName(QStringLiteral("table"), &f.table);
        r.setOk(finding.ok());
        *findings << f;
    }
}

void readBackfill(Reader &r, BackfillFacts *b, bool required, QString *error)
{
    const QJsonObject o = r.object(QStringLiteral("backfill"), required);
    if (!r.ok() || o.isEmpty())
        return;
    Reader backfill(o, r.path(QStringLiteral("backfill")), error);
    backfill.qualifiedName(QStringLiteral("table"), &b->table, true);
    backfill.stringList(QStringLiteral("assignments"), &b->assignments, true);
    backfill.stringList(QStringLiteral("keyColumns"), &b->keyColumns, true);
    backfill.string(QStringLiteral("pendingCondition"), &b->pendingCondition);
    backfill.stringList(QStringLiteral("setup"), &b->setup, true);
    r.setOk(backfill.ok());
}
} // namespace

QJsonObject toJson(const MigrationStep &step)
{
    QJsonObject json {
        {QStringLiteral("format"), formatVersion},
        {QStringLiteral("id"), step.id},
        {QStringLiteral("operation"), step.operation},
        {QStringLiteral("phase"), MigrationPlans::toName(step.phase)},
        {QStringLiteral("kind"), MigrationPlans::toName(step.kind)},
        {QStringLiteral("title"), step.title},
        {QStringLiteral("sql"), step.sql},
        {QStringLiteral("rollbackSql"), step.rollbackSql},
        {QStringLiteral("reversible"), step.reversible},
        {QStringLiteral("inTransaction"), step.inTransaction},
        {QStringLiteral("index"), name(step.index)},
        {QStringLiteral("locks"), locksJson(step.locks)},
        {QStringLiteral("rewrites"), step.rewrites},
        {QStringLiteral("scans"), step.scans},
        {QStringLiteral("rewriteNote"), step.rewriteNote},
        {QStringLiteral("lockHoldEstimate"), step.lockHoldEstimate},
        {QStringLiteral("verdict"), MigrationPlans::toName(step.verdict)},
        {QStringLiteral("reasons"), strings(step.reasons)},
        {QStringLiteral("saferAlternative"), step.saferAlternative},
        {QStringLiteral("findings"), findingsJson(step.findings)},
    };
    if (step.kind == StepKind::Backfill)
        json.insert(QStringLiteral("backfill"), backfillJson(step.backfill));
    return json;
}

bool fromJson(const QJsonObject &json, MigrationStep *step, QString *error)
{
    MigrationStep s;
    Reader r(json, QString(), error);
    int format = formatVersion;
    r.integer(QStringLiteral("format"), &format, false);
    if (r.ok() && format != formatVersion)
        r.fail(QStringLiteral("format"),
               QStringLiteral("version %1 is not one this PgOps reads (%2): use a newer PgOps")
                   .arg(format)
                   .arg(formatVersion));
    // What the step runs is required; what only describes it may be missing.
    r.string(QStringLiteral("id"), &s.id);
    r.integer(QStringLiteral("operation"), &s.operation);
    r.named(QStringLiteral("phase"), &s.phase, MigrationPlans::phaseFromName,
            "a phase (\"expand\", \"migrate\", "
            "\"contract\")");
    r.named(QStringLiteral("kind"), &s.kind, MigrationPlans::kindFromName,
            "a step kind (\"ddl\", \"backfill\", "
            "\"switch\")");
    r.string(QStringLiteral("title"), &s.title);
    r.string(QStringLiteral("sql"), &s.sql);
    r.string(QStringLiteral("rollbackSql"), &s.rollbackSql);
    r.boolean(QStringLiteral("reversible"), &s.reversible);
    r.boolean(QStringLiteral("inTransaction"), &s.inTransaction);
    r.qualifiedName(QStringLiteral("index"), &s.index);
    readLocks(r, &s.locks, error);
    r.boolean(QStringLiteral("rewrites"), &s.rewrites, false);
    r.boolean(QStringLiteral("scans"), &s.scans, false);
    r.string(QStringLiteral("rewriteNote"), &s.rewriteNote, false);
    r.string(QStringLiteral("lockHoldEstimate"), &s.lockHoldEstimate, false);
    if (json.contains(QStringLiteral("verdict")))
        r.named(QStringLiteral("verdict"), &s.verdict, MigrationPlans::verdictFromName,
                "a verdict (\"ok\", \"caution\", \"danger\")");
    r.stringList(QStringLiteral("reasons"), &s.reasons);
    r.string(QStringLiteral("saferAlternative"), &s.saferAlternative, false);
    readFindings(r, &s.findings, error);
    if (r.ok())
        readBackfill(r, &s.backfill, s.kind == StepKind::Backfill, error);
    if (!r.ok())
        return false;
    *step = s;
    return true;
}

} // namespace PgOps::PlanStorage
