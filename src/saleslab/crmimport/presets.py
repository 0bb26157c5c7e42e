"""What real exports call each field and each stage: Salesforce, HubSpot, Pipedrive and a
generic layout, in English and in Chinese (销售易, 纷享销客 and Excel sheets kept by hand).

Header names are compared after :func:`normal` (case, spaces, ``_``/``-`` and full-width
brackets ignored), so ``Close Date``, ``close_date`` and ``CLOSE DATE`` are one name.

>>> normal("Deal - Expected close date")
'deal-expectedclosedate'
>>> STAGE_NAMES[normal("Proposal/Price Quote")]
'proposal'
"""

from __future__ import annotations

import re


def normal(name: str) -> str:
    """A header or stage name folded for comparison (see the module docstring)."""
    text = str(name).strip().lower().replace("（", "(").replace("）", ")")
    text = re.sub(r"^deal\s*-\s*", "deal-", text)
    return re.sub(r"[\s_]+", "", text)


#: The fields the importer understands, each with the header names that presets use.
FIELDS: dict[str, tuple[str, ...]] = {
    "id": ("Opportunity ID", "Record ID", "Deal ID", "Deal - ID", "ID", "商机ID", "商机编号", "编号"),
    "name": ("Opportunity Name", "Deal Name", "Deal - Title", "Title", "Name", "商机名称", "商机"),
    "stage": ("Stage", "Deal Stage", "Deal - Stage", "To Stage", "New Value", "阶段", "销售阶段",
              "商机阶段"),
    "status": ("Deal - Status", "Status", "Outcome", "状态", "商机状态", "赢单/输单"),
    "amount": ("Amount", "Deal - Value", "Value", "Amount (converted)", "Deal Amount", "金额",
               "商机金额", "预计金额", "金额(万元)", "金额(元)", "销售金额"),
    "currency": ("Currency", "Deal - Currency", "Opportunity Currency", "币种", "货币"),
    "created": ("Created Date", "Create Date", "Deal - Deal created", "Created", "创建时间",
                "创建日期"),
    "close_date": ("Close Date", "Deal - Expected close date", "Expected Close Date", "预计成交日期",
                   "预计签单日期", "预计结单日期"),
    "closed_at": ("Closed Date", "Deal - Deal closed on", "Deal - Close time", "Closed On",
                  "实际成交日期", "结单日期", "关闭日期"),
    "owner": ("Opportunity Owner", "Deal owner", "Deal - Owner", "Owner", "Owner Name", "负责人",
              "销售负责人", "所有人", "销售"),
    "account": ("Account Name", "Associated Company", "Company name", "Deal - Organization",
                "Company", "Organization", "客户名称", "客户", "公司名称"),
    "contact": ("Contact Name", "Primary Contact", "Associated Contact", "Deal - Contact person",
                "Contact", "联系人"),
    "team": ("Team", "Sales Team", "Owner Role", "Deal owner team", "团队", "销售团队", "部门"),
    "region": ("Region", "Sales Region", "Territory", "区域", "大区", "地区"),
    "product": ("Product Line", "Product", "Product Family", "Deal Type", "Deal - Product", "产品线",
                "产品"),
    "loss_reason": ("Loss Reason", "Lost Reason", "Closed Lost Reason", "Deal - Lost reason",
                    "输单原因", "丢单原因"),
    "next_step": ("Next Step", "Deal - Next activity subject", "下一步", "下一步计划"),
    "changed_at": ("Edit Date", "Stage Change Date", "Last Stage Change Date", "Changed At",
                   "Date Changed", "Changed Date", "变更时间", "阶段变更时间", "修改时间"),
    # A field-history export (Salesforce's Opportunity Field History) logs every field.
    "field": ("Field", "Field / Event", "字段"),
}
#: Free text: dropped unless asked for (they hold names, phone numbers, gossip).
FREE_TEXT = ("Description", "Notes", "Note", "Comments", "Deal Description", "Deal - Notes",
             "Email", "Phone", "备注", "描述", "说明", "电话", "邮箱")
#: Names that become pseudonyms.
PERSONAL = ("owner", "account", "contact")

_STAGES = {
    "lead": ("lead", "new", "prospect", "prospecting", "lead in", "线索", "新建", "潜在客户"),
    "contacted": ("contacted", "contact made", "appointment scheduled", "appointmentscheduled",
                  "first meeting", "初步接洽", "初步沟通", "已联系", "接洽"),
    "qualified": ("qualified", "qualification", "needs analysis", "qualified to buy",
                  "qualifiedtobuy", "demo scheduled", "needs defined", "需求确认", "商机确认",
                  "需求分析", "验证客户"),
    "proposal": ("proposal", "quote", "value proposition", "id. decision makers",
                 "perception analysis", "proposal/price quote", "presentation scheduled",
                 "presentationscheduled", "decision maker bought-in", "decisionmakerboughtin",
                 "proposal made", "方案报价", "方案", "报价", "方案/报价"),
    "negotiation": ("negotiation", "negotiation/review", "contract sent", "contractsent",
                    "negotiations started", "commit", "商务谈判", "谈判", "合同审批"),
    "won": ("won", "closed won", "closedwon", "win", "赢单", "成交", "已成交", "签约"),
    "lost": ("lost", "closed lost", "closedlost", "loss", "输单", "丢单", "失败", "已输单"),
}
#: Every known stage name (folded) and the kit stage it stands for.
STAGE_NAMES: dict[str, str] = {normal(name): kit for kit, names in _STAGES.items() for name in names}
#: Status cells meaning open, won or lost (Pipedrive's status, a won flag, Chinese words).
STATUS_NAMES: dict[str, str] = {
    **{normal(w): "open" for w in ("open", "进行中", "跟进中", "未关闭", "false", "0")},
    **{normal(w): "won" for w in ("won", "win", "true", "1", "赢单", "成交", "已成交")},
    **{normal(w): "lost" for w in ("lost", "输单", "丢单", "已输单", "失败")},
}
#: ``Date entered <stage>`` columns (HubSpot) and their Chinese form ``进入<stage>阶段时间``.
ENTERED_COLUMN = re.compile(
    r'^(?:date\s*entered\s*"?(?P<en>[^"(]+?)\s*(?:\([^)]*\))?"?|进入(?P<zh>.+?)(?:阶段)?的?(?:时间|日期))$',
    re.IGNORECASE)

PRESETS: dict[str, tuple[str, ...]] = {
    "salesforce": ("Opportunity ID", "Opportunity Name", "Opportunity Owner", "Account Name",
                   "Stage", "Amount", "Close Date", "Created Date"),
    "hubspot": ("Record ID", "Deal Name", "Deal Stage", "Amount", "Close Date", "Create Date",
                "Deal owner"),
    "pipedrive": ("Deal - ID", "Deal - Title", "Deal - Value", "Deal - Stage", "Deal - Status",
                  "Deal - Owner", "Deal - Deal created", "Deal - Expected close date"),
    "chinese": ("商机名称", "阶段", "金额", "预计成交日期", "负责人", "客户名称", "创建时间"),
}
