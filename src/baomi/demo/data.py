"""Demo region for `baomi demo`: one service base and enterprises with people and trade secrets (fictional)."""  # noqa: E501

from __future__ import annotations

from typing import Any

# All names, addresses, telephone numbers, codes and figures below are fictional.

BASE: dict[str, Any] = {
    "name": "佛山市南海区商业秘密保护网上基地",
    "region": "广东省佛山市南海区",
    "authority": "佛山市南海区市场监督管理局",
    "contact": "0757-8620 0000（工作日 8:30–17:30），service@nanhai-base.example.cn",
    "liaison_points": [
        {
            "name": "狮山科技工业园商业秘密保护联络点",
            "address": "广东省佛山市南海区狮山镇科技工业园A区园区服务中心二楼207室",
            "contact": "园区企业服务部 0757-8620 0101",
        },
        {
            "name": "桂城商业秘密保护维权服务站",
            "address": "广东省佛山市南海区桂城街道南海大道北段知识产权服务中心三楼",
            "contact": "维权服务站值班电话 0757-8620 0202",
        },
        {
            "name": "大沥商业秘密保护联络点（有色金属产业集聚区）",
            "address": "广东省佛山市南海区大沥镇商贸服务中心一楼企业服务窗口",
            "contact": "大沥市场监管所 0757-8620 0303",
        },
    ],
}

BASE_USERS: list[dict[str, Any]] = [
    {"email": "lin.wenjun@nanhai-base.example.cn", "name": "林文俊", "role": "base_operator"},
    {"email": "xie.yuqing@nanhai-base.example.cn", "name": "谢雨晴", "role": "base_operator"},
    # Expert: a lawyer specialising in unfair-competition and trade-secret litigation.
    {"email": "zeng.guohui@nanhai-base.example.cn", "name": "曾国辉", "role": "expert"},
    # Expert: a forensic appraiser (司法鉴定人) for non-public status and identity comparison.
    {"email": "fang.jingyi@nanhai-base.example.cn", "name": "方静怡", "role": "expert"},
]

_HUARUI_SECRETS: list[dict[str, Any]] = [
    {
        "code": "HR-JS-001",
        "title": "五轴加工中心（HR-V850系列）热误差实时补偿模型",
        "secret_type": "technical",
        "level": "core",
        "status": "active",
        "description": (
            "基于主轴箱、立柱和摆头转台8个温度测点建立的热误差预测与实时补偿方案，"
            "应用于HR-V850/HR-V1000五轴加工中心。连续运行4小时后主轴Z向热漂移由约38μm降至6μm以内，"
            "是整机定位精度指标优于同档竞品的主要原因。"
        ),
        "owner": "liang.jianhua@huarui.example.cn",
        "date_identified": "2024-03-18",
        "review_in_days": -18,
        "value_estimate": 8_500_000,
        "points": [
            (
                "温度测点布置：在主轴前轴承座外壁、主轴电机壳体、"
                "立柱导轨左右两侧（距导轨顶面220mm）、A轴摆头电机、"
                "C轴转台底座、冷却液回液口及环境参考点共8处布置PT100传感器，"
                "并以立柱左右两侧测点温差作为Y向热倾斜的输入量。"
            ),
            (
                "补偿模型：Z向热伸长按主轴转速≤6000、6000–12000、"
                ">12000r/min三段分别建立多元线性回归模型，"
                "自变量为前轴承座温升和电机壳体温升的一阶滞后值，"
                "滞后时间常数分别取180s和420s。"
            ),
            (
                "系数辨识流程：每台新机出厂前执行0→8000→15000r/min阶梯升速、"
                "每档运行40分钟的标定循环，用激光位移传感器采集主轴端面位移并以最小二乘法拟合，"
                "拟合残差大于3μm的须重新标定。"
            ),
            (
                "数控系统接入方式：补偿量每2秒由PLC写入数控系统外部工件原点偏移寄存器，"
                "单次补偿步长限幅1μm，以避免加工表面出现接刀痕。"
            ),
        ],
        "carriers": [
            {
                "kind": "file",
                "name": "HR-V850热误差补偿模型说明书及标定数据（V3.2）",
                "location": "研发部PDM系统“热补偿项目”加密文件夹",
                "custodian": "liang.jianhua@huarui.example.cn",
                "marking": "核心商密★5年",
            },
            {
                "kind": "code",
                "name": "热补偿PLC程序及上位机标定软件源代码",
                "location": "公司内网GitLab仓库 hr-rd/thermal-comp（受保护分支）",
                "custodian": "huang.kaiwen@huarui.example.cn",
                "marking": "核心商密★5年",
            },
        ],
        "measures": [
            {
                "kind": "agreement",
                "description": (
                    "研发部全体人员签署《保密协议》，"
                    "参与热补偿项目的5名核心工程师另签《竞业限制协议》，"
                    "期限2年，离职后按月支付不低于离职前12个月平均工资30%的补偿。"
                ),
                "implemented_on": "2024-04-01",
                "evidence": "保密协议及竞业限制协议签署台账（2024版），原件存人力资源部",
            },
            {
                "kind": "carrier",
                "description": (
                    "模型说明书和标定数据在PDM中标注“核心商密”，仅项目组成员可读，"
                    "下载和打印均需部门负责人在线审批并自动叠加使用者姓名水印。"
                ),
                "implemented_on": "2024-04-15",
                "evidence": "PDM权限配置截图及2024年以来的审批日志导出",
            },
            {
                "kind": "devices",
                "description": (
                    "研发网与办公网物理隔离，研发终端禁用USB存储和个人网盘客户端，"
                    "对外邮件附件经数据防泄漏网关审查。"
                ),
                "implemented_on": "2023-11-20",
                "evidence": "终端管理系统策略清单及网络拓扑图",
            },
        ],
        "grants": [
            {
                "user": "huang.kaiwen@huarui.example.cn",
                "reason": "参与热补偿算法迭代和新机出厂标定",
                "valid_until": "2027-06-30",
            },
        ],
    },
    {
        "code": "HR-JS-002",
        "title": "高速电主轴角接触球轴承定压预紧装配工艺",
        "secret_type": "technical",
        "level": "core",
        "status": "active",
        "description": (
            "自制15000r/min电主轴前轴承组的配置、预紧、隔圈配磨、"
            "注脂和跑合工艺。该工艺使电主轴温升和径向跳动稳定达标，"
            "装配一次合格率由82%提高到97%。"
        ),
        "owner": "liang.jianhua@huarui.example.cn",
        "date_identified": "2024-03-18",
        "review_in_days": 120,
        "value_estimate": 3_200_000,
        "points": [
            (
                "前轴承组采用7014C、P4级角接触球轴承“背对背加串联”三联配置，"
                "以碟簧组实施定压预紧，装配预紧力控制在1150±50N。"
            ),
            (
                "隔圈配磨：内外隔圈高度差按实测轴承端面凸出量计算后研磨，"
                "差值公差±1μm，研磨后在20±1℃恒温间静置4小时再复测。"
            ),
            (
                "定量注脂：每粒轴承填充NBU15润滑脂，填充量为轴承内部自由空间体积的12%（约1.6cm³）"
                "，使用定量注脂器一次注入。"
            ),
            (
                "阶梯跑合：装配后按3000r/min×30min、6000r/min×30min、"
                "9000r/min×45min、12000r/min×60min跑合，前轴承外圈温升超过18℃即停机冷却，"
                "跑合后稳定温升不超过12℃为合格。"
            ),
        ],
        "carriers": [
            {
                "kind": "file",
                "name": "电主轴装配作业指导书 HR-WI-ZZ-07（第5版）",
                "location": "装配车间恒温间受控文件柜B-03（上锁）",
                "custodian": "liang.jianhua@huarui.example.cn",
                "marking": "核心商密★5年",
            },
            {
                "kind": "sample",
                "name": "轴承隔圈配磨标准样件及专用检具",
                "location": "装配车间恒温间工具柜",
                "custodian": "huang.kaiwen@huarui.example.cn",
                "marking": "核心商密★5年",
            },
        ],
        "measures": [
            {
                "kind": "premises",
                "description": (
                    "恒温装配间设门禁，仅主轴装配班组和研发部授权人员可进入；"
                    "客户和供应商参观路线不经过该区域，访客全程陪同并登记，"
                    "禁止拍照。"
                ),
                "implemented_on": "2023-09-01",
                "evidence": "门禁授权名单、访客登记簿及车间“禁止拍照”标识照片",
            },
            {
                "kind": "rules",
                "description": (
                    "作业指导书按受控文件管理，逐份编号发放，换版时收回旧版并销毁；"
                    "装配班组每半年接受一次保密培训并签到。"
                ),
                "implemented_on": "2024-01-10",
                "evidence": "受控文件发放回收记录、2025年度保密培训签到表",
            },
            {
                "kind": "agreement",
                "description": (
                    "装配班组员工劳动合同附保密条款，明确预紧参数和跑合工艺属于公司技术秘密。"
                ),
                "implemented_on": "2023-09-01",
                "evidence": "劳动合同保密条款文本及员工签收记录",
            },
        ],
        "grants": [],
    },
    {
        "code": "HR-JS-003",
        "title": "新能源汽车电驱壳体压铸模具设计图纸（HRM-2207）",
        "secret_type": "technical",
        "level": "important",
        "status": "active",
        "description": (
            "为某汽车零部件客户开发的电驱壳体高压铸造模具全套设计，"
            "含浇注、排溢、模温控制和镶件材料方案。模具寿命达到8万模次，"
            "铸件气孔不良率低于1.5%。"
        ),
        "owner": "liang.jianhua@huarui.example.cn",
        "date_identified": "2024-09-05",
        "review_in_days": 25,
        "value_estimate": 1_800_000,
        "points": [
            (
                "浇注系统：采用设于壳体法兰侧的扇形内浇口，截面积680mm²、"
                "厚度2.8mm，配三段式横浇道，截面积按1:0.9:0.8逐级收缩，"
                "使充型时间控制在45–55ms。"
            ),
            (
                "排溢系统：在轴承座厚壁处设置7个集渣包和2块波纹式激冷排气块，"
                "排气通道总截面积不小于内浇口截面积的45%。"
            ),
            (
                "局部冷却：定模轴承座镶件内设φ4mm点冷却管，采用0.8MPa高压点冷，"
                "开模前3秒关闭，以消除该处缩孔。"
            ),
            "型腔镶件采用改良H13钢，真空淬火后硬度HRC46–48，表面氮化层深0.12–0.15mm。",
        ],
        "carriers": [
            {
                "kind": "drawing",
                "name": "HRM-2207电驱壳体压铸模具总装图及零件图（共86张，三维模型及二维图）",
                "location": "研发部PDM系统模具设计库",
                "custodian": "liang.jianhua@huarui.example.cn",
                "marking": "重要商密★3年",
            },
            {
                "kind": "mould",
                "name": "HRM-2207压铸模具实物（动模、定模及镶件）",
                "location": "模具车间3号库位（维修期间在模修区）",
                "custodian": "mai.guoliang@huarui.example.cn",
                "marking": "重要商密★3年",
            },
        ],
        "measures": [
            {
                "kind": "carrier",
                "description": (
                    "图纸标题栏标注密级；外发给外协加工厂的零件图须经技术负责人签批，"
                    "并删除浇注系统和冷却水路的关键尺寸后再发出。"
                ),
                "implemented_on": "2024-09-10",
                "evidence": "图纸外发审批单（2024–2026年共31份）",
            },
            {
                "kind": "agreement",
                "description": (
                    "与外协加工厂签订《技术资料保密协议》，约定图纸仅用于本订单加工，"
                    "交货后15日内返还或销毁并出具书面确认。"
                ),
                "implemented_on": "2024-09-20",
                "evidence": "外协保密协议3份及销毁确认函",
            },
            {
                "kind": "premises",
                "description": (
                    "模具车间入口张贴禁止拍照标识，外来人员须登记并由车间人员陪同，"
                    "模具库位加装视频监控。"
                ),
                "implemented_on": "2024-10-08",
                "evidence": "访客登记簿、监控点位图",
            },
        ],
        "grants": [
            {
                "user": "mai.guoliang@huarui.example.cn",
                "reason": "负责HRM-2207模具日常保养和维修，需查阅零件图",
                "valid_until": None,
            },
        ],
    },
    {
        "code": "HR-JS-004",
        "title": "摆头转台几何精度检测与RTCP标定规程",
        "secret_type": "technical",
        "level": "important",
        "status": "draft",
        "description": (
            "五轴机床出厂前旋转轴几何误差检测与刀尖点跟随（RTCP）"
            "参数标定的内部规程，正在梳理密点、尚未完成定级审批。"
        ),
        "owner": "liang.jianhua@huarui.example.cn",
        "date_identified": "2026-10-12",
        "review_in_days": 14,
        "value_estimate": None,
        "points": [
            (
                "以球杆仪和标准球分别在A轴-90°、0°、+30°三个摆角下测量，"
                "按自编辨识表解算A、C轴轴线偏置和垂直度共11项几何误差。"
            ),
            "RTCP标定后须在S形试件上检验，轮廓误差不大于0.02mm方可出厂，否则按规程第6条逐项复调。",
        ],
        "carriers": [
            {
                "kind": "file",
                "name": "RTCP标定规程草稿及误差辨识计算表",
                "location": "研发部PDM系统草稿区",
                "custodian": "huang.kaiwen@huarui.example.cn",
                "marking": "重要商密★3年（待审批）",
            },
        ],
        "measures": [
            {
                "kind": "carrier",
                "description": "草稿存放于PDM草稿区，仅起草人和研发部负责人可见。",
                "implemented_on": "2026-10-12",
                "evidence": "PDM权限配置截图",
            },
            {
                "kind": "rules",
                "description": (
                    "按《商业秘密管理制度》第三章提交定密申请，由保密工作小组审定密级和保密期限。"
                ),
                "implemented_on": "2026-10-20",
                "evidence": "定密申请表（编号DM-2026-014）",
            },
        ],
        "grants": [
            {
                "user": "huang.kaiwen@huarui.example.cn",
                "reason": "规程起草人",
                "valid_until": "2027-03-31",
            },
        ],
    },
    {
        "code": "HR-JY-001",
        "title": "重点客户名单及报价核算体系",
        "secret_type": "business",
        "level": "core",
        "status": "active",
        "description": (
            "营销中心多年积累的重点客户深度信息与设备报价公式、客户分级规则，"
            "区别于公开的企业名录和招标信息。"
        ),
        "owner": "he.meiling@huarui.example.cn",
        "date_identified": "2024-05-20",
        "review_in_days": 200,
        "value_estimate": 5_000_000,
        "points": [
            (
                "客户名单收录广东、江苏、浙江三省37家汽车零部件和3C结构件重点客户，"
                "每户包含采购决策人和技术对接人的姓名及联系方式、"
                "设备保有量、年度采购计划、历次成交机型与成交价、"
                "付款习惯及特殊技术要求。"
            ),
            (
                "报价公式：整机报价=标准配置成本×(1+28%基础毛利率)+选配件成本×1.35+服务包费用；"
                "年采购5台以上客户可下浮3%–6%，下浮超过4%须总经理审批。"
            ),
            (
                "客户分级规则：按近三年采购额、设备保有量、回款周期三项以0.5:0.3:0.2加权评分，"
                "分为A、B、C三级，A级客户享受48小时到场服务和优先排产。"
            ),
        ],
        "carriers": [
            {
                "kind": "database",
                "name": "CRM系统客户档案库",
                "location": "公司机房CRM服务器（本地部署）",
                "custodian": "he.meiling@huarui.example.cn",
                "marking": "核心商密★5年",
            },
            {
                "kind": "file",
                "name": "2026年度整机报价核算表（Excel，设打开密码）",
                "location": "营销中心共享盘“报价”加密目录",
                "custodian": "he.meiling@huarui.example.cn",
                "marking": "核心商密★5年",
            },
        ],
        "measures": [
            {
                "kind": "devices",
                "description": (
                    "CRM按销售区域分配查看权限，关闭批量导出功能；确需导出的须经营销总监审批，"
                    "导出文件自动加注使用者水印。"
                ),
                "implemented_on": "2024-06-01",
                "evidence": "CRM角色权限表及导出审批日志",
            },
            {
                "kind": "departure",
                "description": (
                    "销售人员提出离职后立即冻结CRM导出权限，离职面谈时书面告知保密和竞业限制义务，"
                    "逐户交接客户并由主管签字确认。"
                ),
                "implemented_on": "2024-06-01",
                "evidence": "离职交接清单、离职保密义务告知书（员工签收）",
            },
            {
                "kind": "agreement",
                "description": (
                    "全部销售人员签订竞业限制协议，期限2年，覆盖数控机床整机制造和销售企业。"
                ),
                "implemented_on": "2024-06-15",
                "evidence": "竞业限制协议签署台账",
            },
        ],
        "grants": [
            {
                "user": "lu.xiaoting@huarui.example.cn",
                "reason": "负责华南区客户跟进和报价编制",
                "valid_until": "2027-03-31",
            },
        ],
    },
    {
        "code": "HR-JY-002",
        "title": "关键外购件供应商协议价格表",
        "secret_type": "business",
        "level": "important",
        "status": "active",
        "description": (
            "数控系统、直线导轨、滚珠丝杠和主轴轴承等关键外购件的年度协议价、阶梯价和返利条款。"
        ),
        "owner": "he.meiling@huarui.example.cn",
        "date_identified": "2024-05-20",
        "review_in_days": -40,
        "value_estimate": 900_000,
        "points": [
            (
                "四类关键外购件共126个料号的年度协议价及按年采购量50、"
                "100、200台套三档的阶梯价格和账期。"
            ),
            (
                "与主要导轨供应商约定年度采购额达到1200万元返点2.5%，"
                "并约定仅当钢材价格波动超过8%时才启动季度调价。"
            ),
        ],
        "carriers": [
            {
                "kind": "database",
                "name": "ERP采购模块价格主数据",
                "location": "ERP系统（采购、财务角色可见）",
                "custodian": None,
                "marking": "重要商密★3年",
            },
        ],
        "measures": [
            {
                "kind": "rules",
                "description": (
                    "《采购管理制度》规定协议价格仅限采购部和财务部查阅，"
                    "对外询价时不得透露现有供应商报价。"
                ),
                "implemented_on": "2024-02-01",
                "evidence": "采购管理制度（2024年修订版）及培训签到表",
            },
            {
                "kind": "agreement",
                "description": "与主要供应商签订双向保密协议，双方对价格和返利条款负有保密义务。",
                "implemented_on": "2024-03-01",
                "evidence": "供应商保密协议6份",
            },
        ],
        "grants": [],
    },
    {
        "code": "HR-JY-003",
        "title": "2019–2021年度代理商返利政策",
        "secret_type": "business",
        "level": "general",
        "status": "archived",
        "description": (
            "旧版代理商返利政策。2022年起改为直销并在代理商大会上公开宣布新政策，"
            "旧政策已不具秘密性，转为归档。"
        ),
        "owner": "he.meiling@huarui.example.cn",
        "date_identified": "2019-03-01",
        "review_in_days": 365,
        "value_estimate": None,
        "points": [
            "代理商年度销售满10台返利3%，满20台返利5%。",
            "代理商跨区销售须向公司报备，未经报备的扣减当季返利的50%。",
        ],
        "carriers": [
            {
                "kind": "file",
                "name": "代理商返利政策（2019版）",
                "location": "营销中心档案室",
                "custodian": None,
                "marking": "一般商密★1年（已解密）",
            },
        ],
        "measures": [
            {
                "kind": "agreement",
                "description": "代理合同中约定代理商对返利政策保密。",
                "implemented_on": "2019-03-01",
                "evidence": "代理合同范本（2019版）",
            },
            {
                "kind": "other",
                "description": "2022年1月经保密工作小组审议解密，转为归档管理。",
                "implemented_on": "2022-01-15",
                "evidence": "解密审批表（编号JM-2022-001）",
            },
        ],
        "grants": [],
    },
]

_XIANGHE_SECRETS: list[dict[str, Any]] = [
    {
        "code": "XH-JS-001",
        "title": "两系杂交稻温敏核不育系“湘禾58S”育种材料",
        "secret_type": "technical",
        "level": "core",
        "status": "active",
        "description": (
            "公司自主选育的光温敏核不育系，是主推组合“湘禾优336”的母本。"
            "育种材料兼具技术信息与实物载体，亲本种子一旦流失即可被他人直接用于制种。"
        ),
        "owner": "tan.zhiyuan@xianghe.example.cn",
        "date_identified": "2023-06-15",
        "review_in_days": 150,
        "value_estimate": 20_000_000,
        "points": [
            (
                "育性转换起点温度（日均温）为22.8℃，低于常用同类不育系，"
                "在长沙地区7月下旬至8月上旬制种时不育期稳定，花粉不育度≥99.8%。"
            ),
            (
                "系谱来源：以自有中间材料XH-M12为母本、引进籼型材料HN-2031为父本杂交，"
                "经F2至F9共8代定向选择，并在海南三亚冬繁基地进行低温敏感性筛选；"
                "系谱记录及各世代选择标准未对外公开。"
            ),
            (
                "原原种（育种家种子）保存约15kg，分装保存于长沙本部种质库低温库（4℃、"
                "相对湿度≤40%）和海南基地备份库两处。"
            ),
            "以自建的48个SNP位点指纹图谱作为该不育系的身份识别依据，可用于侵权比对中的同一性鉴定。",
        ],
        "carriers": [
            {
                "kind": "material",
                "name": "湘禾58S原原种（育种家种子）",
                "location": "长沙本部种质资源库低温库2号冷柜（双人双锁）",
                "custodian": "tan.zhiyuan@xianghe.example.cn",
                "marking": "核心商密★长期",
            },
            {
                "kind": "material",
                "name": "湘禾58S冬繁备份种子",
                "location": "海南三亚南繁基地备份库",
                "custodian": "tan.zhiyuan@xianghe.example.cn",
                "marking": "核心商密★长期",
            },
            {
                "kind": "file",
                "name": "湘禾58S系谱档案、各世代选育记录及SNP指纹图谱",
                "location": "育种研究院档案室保险柜",
                "custodian": "tan.zhiyuan@xianghe.example.cn",
                "marking": "核心商密★长期",
            },
        ],
        "measures": [
            {
                "kind": "premises",
                "description": (
                    "种质库设门禁和双人双锁，出入库须两人同时在场并登记，库区视频监控录像保存90天。"
                ),
                "implemented_on": "2023-07-01",
                "evidence": "种质库出入库登记簿、监控系统配置记录",
            },
            {
                "kind": "carrier",
                "description": (
                    "亲本种子实行代号管理：种子袋、田间标牌只标注数字代号（如A-17）"
                    "，代号与真实名称的对照表由育种研究院负责人单独保管。"
                ),
                "implemented_on": "2023-07-01",
                "evidence": "代号对照表保管记录、田间标牌照片",
            },
            {
                "kind": "agreement",
                "description": (
                    "与制种合作社和农户签订的制种合同约定亲本种子只能用于本合同制种，"
                    "剩余亲本须全部交回，私留、转让的按每公斤5000元承担违约金。"
                ),
                "implemented_on": "2024-03-01",
                "evidence": "制种合同范本（2024版）及签约台账",
            },
            {
                "kind": "other",
                "description": (
                    "制种收获后由公司技术员监督割除父本植株，剩余亲本种子统一回收、清点并集中销毁。"
                ),
                "implemented_on": "2024-09-20",
                "evidence": "亲本种子回收销毁记录（附现场照片）",
            },
        ],
        "grants": [
            {
                "user": "yi.xiaoyan@xianghe.example.cn",
                "reason": "负责种子纯度检测和SNP指纹比对",
                "valid_until": "2027-12-31",
            },
            {
                "user": "liu.haitao@xianghe.example.cn",
                "reason": "2025年制种季田间管理需核对亲本代号",
                "valid_until": "2025-10-31",
            },
        ],
    },
    {
        "code": "XH-JS-002",
        "title": "优质父本（恢复系）“湘恢336”育种材料",
        "secret_type": "technical",
        "level": "core",
        "status": "active",
        "description": (
            "与湘禾58S配组的父本，决定“湘禾优336”的米质、香味和抗病性，"
            "同样以实物种子和选育档案为载体。"
        ),
        "owner": "tan.zhiyuan@xianghe.example.cn",
        "date_identified": "2023-06-15",
        "review_in_days": 9,
        "value_estimate": 12_000_000,
        "points": [
            (
                "株高比母本湘禾58S高12–15cm，花时集中在上午10:00–11:30，"
                "与母本花时相遇率≥85%，有利于提高异交结实率。"
            ),
            (
                "携带稻瘟病广谱抗性基因Pi2和香味基因badh2纯合突变，"
                "配组后F1米质达到部颁二级标准并带清香。"
            ),
            "原种按单株系保存，每年在长沙本部隔离田繁殖一次，隔离距离不少于200m，保持系内整齐度。",
        ],
        "carriers": [
            {
                "kind": "material",
                "name": "湘恢336原种种子",
                "location": "长沙本部种质资源库低温库2号冷柜（双人双锁）",
                "custodian": "tan.zhiyuan@xianghe.example.cn",
                "marking": "核心商密★长期",
            },
            {
                "kind": "file",
                "name": "湘恢336选育档案及配合力测定数据",
                "location": "育种研究院档案室保险柜",
                "custodian": "tan.zhiyuan@xianghe.example.cn",
                "marking": "核心商密★长期",
            },
        ],
        "measures": [
            {
                "kind": "premises",
                "description": (
                    "隔离繁殖田设围网和警示牌，繁殖期安排专人看护，谢绝外来人员进入田间取样。"
                ),
                "implemented_on": "2024-05-10",
                "evidence": "看护值班表、围网及警示牌照片",
            },
            {
                "kind": "carrier",
                "description": (
                    "父本种子同样实行数字代号管理，出库按克数称量登记，与领用单逐项核对。"
                ),
                "implemented_on": "2023-07-01",
                "evidence": "亲本种子出入库称量登记表",
            },
            {
                "kind": "agreement",
                "description": (
                    "育种研究院人员签订保密协议和竞业限制协议，"
                    "明确育种材料及其系谱信息属于公司技术秘密。"
                ),
                "implemented_on": "2023-07-01",
                "evidence": "保密协议及竞业限制协议签署台账",
            },
        ],
        "grants": [
            {
                "user": "yi.xiaoyan@xianghe.example.cn",
                "reason": "负责父本纯度检测",
                "valid_until": "2027-12-31",
            },
        ],
    },
    {
        "code": "XH-JS-003",
        "title": "“湘禾优336”杂交制种花期调节与赤霉素喷施规程",
        "secret_type": "technical",
        "level": "important",
        "status": "active",
        "description": (
            "在绥宁、武冈两个制种基地总结形成的制种关键技术，"
            "使制种平均亩产由约150kg提高到约210kg，纯度稳定在98.5%以上。"
        ),
        "owner": "tan.zhiyuan@xianghe.example.cn",
        "date_identified": "2024-02-26",
        "review_in_days": -5,
        "value_estimate": 2_500_000,
        "points": [
            (
                "父母本播差期：父本分两期播种，第一期比母本早播18天、"
                "第二期早播13天（以叶龄差分别为4.5叶和3.8叶校核）"
                "，父母本行比为2:10。"
            ),
            (
                "花期预测与调节：幼穗分化第Ⅱ期起每3天剥检父母本各20株，"
                "发育进度相差1期以上时，对偏早一方每亩增施尿素2.5kg，"
                "对偏迟一方叶面喷施磷酸二氢钾。"
            ),
            (
                "赤霉素（GA3）喷施：母本见穗5%–10%时开始，连续3天喷施，"
                "每亩总用量15g，按4g、7g、4g分配，每次兑水30kg，于上午露水干后9:00–10:30施用。"
            ),
            "盛花期每天上午10:30–12:00用绳索赶粉3–4次，每次间隔约30分钟。",
        ],
        "carriers": [
            {
                "kind": "file",
                "name": "湘禾优336制种技术规程（2026版）",
                "location": "制种基地管理部受控文件柜及绥宁、武冈基地办公室",
                "custodian": "liu.haitao@xianghe.example.cn",
                "marking": "重要商密★3年",
            },
        ],
        "measures": [
            {
                "kind": "rules",
                "description": (
                    "规程按受控文件逐份编号发放给基地技术员，每年制种季前集中培训一次，"
                    "培训内容不向合作社农户整本发放，只发放分阶段操作卡。"
                ),
                "implemented_on": "2024-04-08",
                "evidence": "受控文件发放记录、2026年制种技术培训签到表",
            },
            {
                "kind": "agreement",
                "description": (
                    "制种技术员签订保密协议，约定离职后2年内不得为其他种业企业提供该组合的制种技术"
                    "服务。"
                ),
                "implemented_on": "2024-04-08",
                "evidence": "技术员保密协议签署台账",
            },
        ],
        "grants": [
            {
                "user": "liu.haitao@xianghe.example.cn",
                "reason": "负责绥宁、武冈制种基地的技术指导",
                "valid_until": "2027-10-31",
            },
        ],
    },
    {
        "code": "XH-JS-004",
        "title": "稻瘟病抗性与香味基因多重分子标记筛选方法",
        "secret_type": "technical",
        "level": "important",
        "status": "active",
        "description": (
            "分子育种实验室开发的一管双检筛选方法，用于回交后代苗期筛选，"
            "比田间表型鉴定提前一个世代，单样本检测成本约0.9元。"
        ),
        "owner": "tan.zhiyuan@xianghe.example.cn",
        "date_identified": "2025-04-22",
        "review_in_days": 240,
        "value_estimate": 1_500_000,
        "points": [
            (
                "自行设计的Pi2功能标记引物对XHPi2-F/R（抗病型扩增片段312bp、"
                "感病型287bp）与badh2基因8bp缺失标记组成多重PCR体系，"
                "一管同时检测两个位点。"
            ),
            (
                "反应体系：退火温度58℃，Mg²⁺浓度2.0mmol/L，两对引物浓度比1:1.6，"
                "可直接以碱裂解法粗提的叶片DNA（取样0.5cm²）为模板扩增。"
            ),
            "筛选流程：在BC2F2群体3叶期用96孔板取样检测，只保留两个位点均为目标纯合型的单株移栽。",
        ],
        "carriers": [
            {
                "kind": "file",
                "name": "引物序列及多重PCR反应体系SOP",
                "location": "分子育种实验室电子实验记录本（ELN）服务器",
                "custodian": "yi.xiaoyan@xianghe.example.cn",
                "marking": "重要商密★3年",
            },
            {
                "kind": "database",
                "name": "历年标记检测结果数据库",
                "location": "分子育种实验室数据服务器",
                "custodian": "yi.xiaoyan@xianghe.example.cn",
                "marking": "重要商密★3年",
            },
        ],
        "measures": [
            {
                "kind": "devices",
                "description": (
                    "实验室电脑禁用USB存储，ELN按项目分配权限并保留访问日志，"
                    "不得将原始数据上传至公共云盘。"
                ),
                "implemented_on": "2025-05-06",
                "evidence": "终端管理策略截图、ELN访问日志",
            },
            {
                "kind": "agreement",
                "description": (
                    "与引物合成公司签订保密协议，引物以内部代号下单，不透露对应基因和用途。"
                ),
                "implemented_on": "2025-05-06",
                "evidence": "引物合成保密协议及订单记录",
            },
            {
                "kind": "rules",
                "description": (
                    "论文、学术报告和项目申报材料涉及本方法的，须经保密审查，"
                    "只可披露方法类型，不得披露引物序列和反应条件。"
                ),
                "implemented_on": "2025-06-01",
                "evidence": "对外发表保密审查单",
            },
        ],
        "grants": [
            {
                "user": "yi.xiaoyan@xianghe.example.cn",
                "reason": "方法开发人，负责日常检测",
                "valid_until": None,
            },
        ],
    },
    {
        "code": "XH-JS-005",
        "title": "种子包衣配方及两段变温烘干工艺",
        "secret_type": "technical",
        "level": "general",
        "status": "active",
        "description": "种子加工中心使用的自配包衣剂和烘干工艺，保障发芽率和贮藏期。",
        "owner": "tan.zhiyuan@xianghe.example.cn",
        "date_identified": "2025-08-11",
        "review_in_days": 90,
        "value_estimate": 600_000,
        "points": [
            (
                "自配包衣剂中成膜剂PVA-1788占2.5%、警戒色染料占0.3%，"
                "药种比1:50，包衣后种子间不粘连、脱落率低于0.5%。"
            ),
            (
                "两段变温烘干：第一段热风38℃烘至含水量16%，缓苏2小时后第二段不超过43℃降至13%以下，"
                "保证发芽率不低于85%。"
            ),
        ],
        "carriers": [
            {
                "kind": "file",
                "name": "包衣配方卡及烘干工艺参数表",
                "location": "种子加工中心主任办公室文件柜",
                "custodian": "tan.zhiyuan@xianghe.example.cn",
                "marking": "一般商密★1年",
            },
        ],
        "measures": [
            {
                "kind": "rules",
                "description": "配方卡只发放给加工中心主任和当班配料员，配料员按卡投料、不得抄录。",
                "implemented_on": "2025-08-20",
                "evidence": "配方卡领用登记表",
            },
            {
                "kind": "premises",
                "description": "包衣配料间单独设门锁，非加工中心人员不得进入。",
                "implemented_on": "2025-08-20",
                "evidence": "配料间钥匙管理记录",
            },
        ],
        "grants": [],
    },
    {
        "code": "XH-JY-001",
        "title": "经销商网络名单及区域价格政策",
        "secret_type": "business",
        "level": "important",
        "status": "active",
        "description": "覆盖湖南、江西、湖北、广西四省区的县级经销商深度信息和价格、返利政策。",
        "owner": "peng.li@xianghe.example.cn",
        "date_identified": "2024-01-08",
        "review_in_days": 180,
        "value_estimate": 3_000_000,
        "points": [
            "214家县级经销商名单，每家包含负责人及联系方式、仓储能力、历年分品种提货量和信用等级。",
            (
                "三级价格体系，如“湘禾优336”出厂价每公斤38元、一级经销商提货价42元、"
                "指导零售价56元，各品种价差和地区差异化价格见价格表。"
            ),
            (
                "返利政策：年提货量超过30吨返利4%；先款后货并在3月15日前付清货款的，"
                "另享1.5%早订货折扣。"
            ),
        ],
        "carriers": [
            {
                "kind": "database",
                "name": "经销商管理系统（DMS）",
                "location": "公司数据中心DMS服务器",
                "custodian": "peng.li@xianghe.example.cn",
                "marking": "重要商密★3年",
            },
            {
                "kind": "file",
                "name": "2026年度分区域价格及返利政策表",
                "location": "市场营销部加密共享目录",
                "custodian": "peng.li@xianghe.example.cn",
                "marking": "重要商密★3年",
            },
        ],
        "measures": [
            {
                "kind": "devices",
                "description": "DMS按片区分配账号权限，业务员只能查看本片区经销商，禁止整表导出。",
                "implemented_on": "2024-02-01",
                "evidence": "DMS角色权限配置表",
            },
            {
                "kind": "departure",
                "description": (
                    "业务员离职前完成经销商交接并签署离职保密承诺书，离职当日注销DMS账号。"
                ),
                "implemented_on": "2024-02-01",
                "evidence": "离职保密承诺书、账号注销记录",
            },
            {
                "kind": "agreement",
                "description": "经销协议约定经销商对价格和返利政策保密，违反的取消当年返利。",
                "implemented_on": "2024-01-15",
                "evidence": "经销协议范本（2024版）",
            },
        ],
        "grants": [
            {
                "user": "deng.jun@xianghe.example.cn",
                "reason": "负责湘中、湘西片区经销商管理",
                "valid_until": "2027-01-31",
            },
        ],
    },
    {
        "code": "XH-JY-002",
        "title": "制种基地合作社名单及收购结算机制",
        "secret_type": "business",
        "level": "general",
        "status": "active",
        "description": "绥宁、武冈两地制种合作社和农户的合同信息及收购结算方式。",
        "owner": "peng.li@xianghe.example.cn",
        "date_identified": "2024-01-08",
        "review_in_days": 300,
        "value_estimate": None,
        "points": [
            (
                "与46家合作社、约1300户农户签订的制种面积（合计约1.2万亩）"
                "、保底亩产150kg及各户历年实际产量和纯度记录。"
            ),
            "收购结算按“保底价每公斤14元+超产部分每公斤加价2元+纯度≥98%时每公斤奖励0.6元”执行。",
        ],
        "carriers": [
            {
                "kind": "file",
                "name": "制种合同台账及收购结算表",
                "location": "制种基地管理部加密共享目录",
                "custodian": "liu.haitao@xianghe.example.cn",
                "marking": "一般商密★1年",
            },
        ],
        "measures": [
            {
                "kind": "rules",
                "description": (
                    "收购结算表仅由制种基地管理部和财务部经办人查阅，对外不提供合作社完整名单。"
                ),
                "implemented_on": "2024-03-01",
                "evidence": "《制种基地管理办法》第12条",
            },
            {
                "kind": "agreement",
                "description": "制种合同约定合作社对收购价格保密。",
                "implemented_on": "2024-03-01",
                "evidence": "制种合同范本（2024版）",
            },
        ],
        "grants": [
            {
                "user": "liu.haitao@xianghe.example.cn",
                "reason": "负责制种合同签订和收购结算",
                "valid_until": None,
            },
        ],
    },
]

_YONGXIN_SECRETS: list[dict[str, Any]] = [
    {
        "code": "YX-JS-001",
        "title": "小微企业信用风险评分模型（YX-Score v4）源代码",
        "secret_type": "technical",
        "level": "core",
        "status": "active",
        "description": (
            "为城商行、农商行普惠贷款贷前审批提供的评分模型，包括训练、"
            "校准和部署代码。在合作银行的验证样本上KS值约0.47。"
        ),
        "owner": "xu.haiyang@yongxin.example.cn",
        "date_identified": "2024-07-01",
        "review_in_days": 60,
        "value_estimate": 15_000_000,
        "points": [
            (
                "两阶段结构：第一阶段以LightGBM对纳税、开票、用电和司法等136个变量输出违约概率；"
                "第二阶段将该概率与12个专家规则变量以逻辑回归融合，"
                "映射为300–900分，基准分600分对应好坏比50:1，PDO取40。"
            ),
            (
                "关键超参数为num_leaves=31、max_depth=5、learning_rate=0.03、"
                "min_child_samples=200，"
                "并对“近12个月增值税开票额同比增速”等18个变量施加单调性约束。"
            ),
            (
                "训练样本定义：放款后12个月内逾期60天以上为坏样本，"
                "剔除放款后3个月内提前结清的样本；样本来自2021–2024年3家合作银行约8.7万笔贷款。"
            ),
            "拒绝推断采用分段打包法（parceling），按评分段赋予被拒样本坏样本率，被拒样本权重0.6。",
        ],
        "carriers": [
            {
                "kind": "code",
                "name": "yx-score模型代码仓库（Git）",
                "location": "公司自建GitLab（内网）yx-risk/yx-score，master分支受保护",
                "custodian": "xu.haiyang@yongxin.example.cn",
                "marking": "核心商密★5年",
            },
            {
                "kind": "file",
                "name": "YX-Score v4模型开发文档及验证报告",
                "location": "风控算法部Confluence受限空间",
                "custodian": "xu.haiyang@yongxin.example.cn",
                "marking": "核心商密★5年",
            },
        ],
        "measures": [
            {
                "kind": "devices",
                "description": (
                    "代码仓库仅风控算法部成员可访问；开发机禁止连接公共代码托管平台，"
                    "禁止安装会上传代码的AI编程插件，出口流量经数据防泄漏系统审计。"
                ),
                "implemented_on": "2024-07-15",
                "evidence": "GitLab成员权限导出、终端软件白名单及DLP策略",
            },
            {
                "kind": "carrier",
                "description": (
                    "源代码文件头统一加注密级声明，模型文件加密存储，"
                    "生产环境部署包经混淆处理后交付银行。"
                ),
                "implemented_on": "2024-08-01",
                "evidence": "代码头声明模板、部署包构建脚本",
            },
            {
                "kind": "departure",
                "description": (
                    "算法人员离职当日吊销GitLab和VPN账号，并审计其离职前90天的克隆、"
                    "下载记录，形成离职审计报告。"
                ),
                "implemented_on": "2024-07-15",
                "evidence": "离职审计报告模板及2025年两份审计报告",
            },
            {
                "kind": "agreement",
                "description": "风控算法部全员签订保密协议和竞业限制协议，竞业限制期限2年。",
                "implemented_on": "2024-07-01",
                "evidence": "协议签署台账",
            },
        ],
        "grants": [
            {
                "user": "zhu.yifan@yongxin.example.cn",
                "reason": "负责模型迭代和月度稳定性监控",
                "valid_until": "2027-06-30",
            },
        ],
    },
    {
        "code": "YX-JS-002",
        "title": "多源政务与银行数据ETL管道设计",
        "secret_type": "technical",
        "level": "important",
        "status": "active",
        "description": (
            "把税务、电力、社保等外部数据与银行内部数据整合为模型可用特征的数据管道设计和作业脚本。"
        ),
        "owner": "xu.haiyang@yongxin.example.cn",
        "date_identified": "2024-10-09",
        "review_in_days": 270,
        "value_estimate": 2_000_000,
        "points": [
            (
                "三层架构：7类外部数据接口统一经“接入层—标准层—特征层”处理，"
                "接入层采用变更数据捕获（CDC），以统一社会信用代码为主键做跨源实体对齐。"
            ),
            (
                "企业名称归一规则：先去除“有限公司”“有限责任公司”等后缀、"
                "统一全半角并剥离括号内地名，再做编辑距离≤2的模糊匹配，"
                "匹配准确率约99.2%。"
            ),
            (
                "增量调度：每日1:30启动，开票数据T+1更新，电力数据按月更新，"
                "缺失月份以前3个月均值填补并打缺失标记。"
            ),
        ],
        "carriers": [
            {
                "kind": "file",
                "name": "数据管道总体设计说明书（V2.1）",
                "location": "数据平台部Confluence受限空间",
                "custodian": "chen.siqi@yongxin.example.cn",
                "marking": "重要商密★3年",
            },
            {
                "kind": "code",
                "name": "ETL作业脚本仓库 yx-data/etl-jobs",
                "location": "公司自建GitLab（内网）",
                "custodian": "chen.siqi@yongxin.example.cn",
                "marking": "重要商密★3年",
            },
        ],
        "measures": [
            {
                "kind": "devices",
                "description": (
                    "ETL服务器仅能从堡垒机登录，操作全程录屏；开发人员本地不得保存生产数据。"
                ),
                "implemented_on": "2024-10-20",
                "evidence": "堡垒机访问策略及操作审计记录",
            },
            {
                "kind": "rules",
                "description": (
                    "《研发数据安全管理办法》规定设计文档分级管理，"
                    "新员工入职一周内完成保密培训和考试。"
                ),
                "implemented_on": "2024-11-01",
                "evidence": "管理办法及培训考试记录",
            },
        ],
        "grants": [
            {
                "user": "chen.siqi@yongxin.example.cn",
                "reason": "ETL管道开发和运维负责人",
                "valid_until": None,
            },
        ],
    },
    {
        "code": "YX-JS-003",
        "title": "小微企业风险特征变量库及衍生口径",
        "secret_type": "technical",
        "level": "core",
        "status": "active",
        "description": (
            "多年建模积累的412个衍生变量的计算口径、时间窗和异常处理规则，是评分模型效果的基础。"
        ),
        "owner": "xu.haiyang@yongxin.example.cn",
        "date_identified": "2024-07-01",
        "review_in_days": -60,
        "value_estimate": 4_000_000,
        "points": [
            (
                "28个高贡献变量的具体计算公式和时间窗，"
                "如“近6个月开票额变异系数”“近12个月作废发票金额占比”“前五大下游客户开票额集中度”。"
            ),
            (
                "季节性修正：对农产品加工、建材等9个行业的开票额先按行业季节指数（2019–2023年均值"
                "）调整，再计算同比和环比变量。"
            ),
            (
                "异常值处理：变量按行业分组后做1%和99%分位缩尾，"
                "注册未满2年的企业使用单独的缺失值填补方案。"
            ),
        ],
        "carriers": [
            {
                "kind": "database",
                "name": "特征变量元数据库（变量字典及口径说明）",
                "location": "数据平台部元数据管理系统",
                "custodian": "xu.haiyang@yongxin.example.cn",
                "marking": "核心商密★5年",
            },
        ],
        "measures": [
            {
                "kind": "carrier",
                "description": (
                    "变量口径说明按“核心商密”标注，仅风控算法部可查看完整公式，"
                    "其他部门只能看到变量名称。"
                ),
                "implemented_on": "2024-07-20",
                "evidence": "元数据系统字段级权限配置",
            },
            {
                "kind": "agreement",
                "description": (
                    "与合作银行签订的技术服务合同约定，银行仅获得评分结果和变量重要性摘要，"
                    "不获得变量计算口径。"
                ),
                "implemented_on": "2024-09-01",
                "evidence": "技术服务合同保密条款",
            },
        ],
        "grants": [
            {
                "user": "zhu.yifan@yongxin.example.cn",
                "reason": "模型开发需要使用变量口径",
                "valid_until": "2027-06-30",
            },
        ],
    },
    {
        "code": "YX-JS-004",
        "title": "企业关联关系图谱反欺诈规则",
        "secret_type": "technical",
        "level": "important",
        "status": "draft",
        "description": (
            "基于工商股权、任职和担保关系构建企业关联图谱，识别团伙骗贷的规则集，"
            "目前处于试点验证阶段。"
        ),
        "owner": "xu.haiyang@yongxin.example.cn",
        "date_identified": "2026-09-14",
        "review_in_days": 30,
        "value_estimate": None,
        "points": [
            (
                "同一自然人在3层股权关系内控制5家以上申贷企业，且其中2家以上注册地址相同的，"
                "触发团伙预警。"
            ),
            "申请人与已逾期企业之间存在两跳以内的互保关系时，评分下调40分。",
        ],
        "carriers": [
            {
                "kind": "code",
                "name": "图谱规则试点代码分支 feature/graph-fraud",
                "location": "公司自建GitLab（内网）yx-risk/yx-score",
                "custodian": "zhu.yifan@yongxin.example.cn",
                "marking": "重要商密★3年（待审批）",
            },
        ],
        "measures": [
            {
                "kind": "devices",
                "description": "试点分支仅项目组3人有权限访问。",
                "implemented_on": "2026-09-14",
                "evidence": "GitLab分支权限设置",
            },
            {
                "kind": "rules",
                "description": "已提交定密申请，待保密委员会审定。",
                "implemented_on": "2026-10-10",
                "evidence": "定密申请单",
            },
        ],
        "grants": [],
    },
    {
        "code": "YX-JY-001",
        "title": "银行客户联系人及需求清单",
        "secret_type": "business",
        "level": "core",
        "status": "active",
        "description": (
            "金融事业部掌握的浙江省内中小银行客户深度信息，超出公开的银行名录和招标公告范围。"
        ),
        "owner": "ying.wenjing@yongxin.example.cn",
        "date_identified": "2024-05-06",
        "review_in_days": 21,
        "value_estimate": 3_500_000,
        "points": [
            (
                "浙江省内23家城商行、农商行和村镇银行的科技部、普惠金融部负责人及经办人姓名、"
                "职务、联系方式，以及需求提出、预算审批和采购方式的决策链条。"
            ),
            (
                "各银行在用系统、现有供应商、合同到期时间和下一年度预算意向，"
                "如某农商行计划于2027年一季度更换贷前风控系统、预算约180万元。"
            ),
            (
                "历次拜访纪要中记录的个性化需求，如要求出具符合监管要求的模型可解释性报告、"
                "要求本地化部署并通过等保三级测评等。"
            ),
        ],
        "carriers": [
            {
                "kind": "database",
                "name": "CRM系统银行客户档案",
                "location": "私有化部署CRM（公司机房）",
                "custodian": "ying.wenjing@yongxin.example.cn",
                "marking": "核心商密★5年",
            },
            {
                "kind": "file",
                "name": "2027年度银行客户需求与商机汇总表",
                "location": "金融事业部加密共享目录",
                "custodian": "ying.wenjing@yongxin.example.cn",
                "marking": "核心商密★5年",
            },
        ],
        "measures": [
            {
                "kind": "devices",
                "description": (
                    "CRM页面加注动态水印，禁止批量导出，单日查看客户档案超过50条时自动告警。"
                ),
                "implemented_on": "2024-05-20",
                "evidence": "CRM告警规则配置及告警记录",
            },
            {
                "kind": "departure",
                "description": (
                    "客户经理离职前30天调离关键客户，离职时签署保密承诺书并提醒竞业限制义务，"
                    "同时审计其近90天外发邮件。"
                ),
                "implemented_on": "2024-05-20",
                "evidence": "离职审计记录、保密承诺书",
            },
            {
                "kind": "agreement",
                "description": (
                    "金融事业部人员签订竞业限制协议，限制范围为向银行提供风控系统的企业。"
                ),
                "implemented_on": "2024-05-06",
                "evidence": "竞业限制协议签署台账",
            },
        ],
        "grants": [
            {
                "user": "li.hao@yongxin.example.cn",
                "reason": "负责宁波、舟山地区银行客户维护",
                "valid_until": "2027-05-31",
            },
        ],
    },
    {
        "code": "YX-JY-002",
        "title": "投标报价策略与成本测算模型",
        "secret_type": "business",
        "level": "important",
        "status": "active",
        "description": "银行风控系统项目投标时使用的报价构成、下浮规则和评分测算方法。",
        "owner": "ying.wenjing@yongxin.example.cn",
        "date_identified": "2024-05-06",
        "review_in_days": 110,
        "value_estimate": 1_200_000,
        "points": [
            (
                "报价构成：软件许可费按“基础平台38万元+每个模型模块12万元”计算，"
                "实施费按每人天2800元测算，首年维保费为合同额的12%。"
            ),
            (
                "竞争性投标下浮规则：主要竞争对手参与时，报价目标为项目预算的82%–88%；"
                "低于80%须总经理批准。"
            ),
            (
                "针对“价格分30分、技术分70分”的常见评分办法，"
                "以内部测算表按预估竞争者报价倒推最优报价区间。"
            ),
        ],
        "carriers": [
            {
                "kind": "file",
                "name": "投标报价测算表（Excel，含宏）",
                "location": "投标小组加密文件夹",
                "custodian": "ying.wenjing@yongxin.example.cn",
                "marking": "重要商密★3年",
            },
        ],
        "measures": [
            {
                "kind": "carrier",
                "description": (
                    "报价测算表加密存储，仅投标小组成员可打开；"
                    "投标文件定稿前不通过即时通讯工具传输。"
                ),
                "implemented_on": "2024-06-01",
                "evidence": "文件加密系统授权记录",
            },
            {
                "kind": "rules",
                "description": (
                    "《投标管理办法》规定报价由投标小组集体决策，开标前报价信息实行专人管理。"
                ),
                "implemented_on": "2024-06-01",
                "evidence": "投标管理办法及投标评审会议纪要",
            },
        ],
        "grants": [
            {
                "user": "li.hao@yongxin.example.cn",
                "reason": "投标小组成员",
                "valid_until": "2026-12-31",
            },
        ],
    },
    {
        "code": "YX-JY-003",
        "title": "项目实施工时定额与交付成本基准",
        "secret_type": "business",
        "level": "general",
        "status": "active",
        "description": "根据过去30余个银行项目整理的标准化实施工作包和人天定额。",
        "owner": "ying.wenjing@yongxin.example.cn",
        "date_identified": "2025-03-03",
        "review_in_days": 330,
        "value_estimate": 300_000,
        "points": [
            (
                "标准实施项目拆分为14个工作包，如每接入一个数据源8人天、"
                "模型本地化调优25人天、上线试运行15人天。"
            ),
            "驻场成本系数：宁波市内1.0，省内其他地市1.15，省外1.3。",
        ],
        "carriers": [
            {
                "kind": "file",
                "name": "实施工时定额表（2025版）",
                "location": "交付中心共享目录",
                "custodian": None,
                "marking": "一般商密★1年",
            },
        ],
        "measures": [
            {
                "kind": "rules",
                "description": "定额表仅在交付中心和投标小组内部使用，对外报价时不附定额明细。",
                "implemented_on": "2025-03-10",
                "evidence": "交付中心管理制度",
            },
            {
                "kind": "agreement",
                "description": "员工劳动合同附保密条款。",
                "implemented_on": "2023-01-01",
                "evidence": "劳动合同范本",
            },
        ],
        "grants": [],
    },
]

_LINGNAN_SECRETS: list[dict[str, Any]] = [
    {
        "code": "LN-JS-001",
        "title": "“禅记”廿四味凉茶传统配方",
        "secret_type": "technical",
        "level": "core",
        "status": "active",
        "description": (
            "始创于清光绪年间的祖传配方，经五代传承人口传心授并在1990年代整理成文，"
            "是“禅记”品牌的立身之本。"
        ),
        "owner": "huo.yingzhi@lingnan.example.cn",
        "date_identified": "2023-08-08",
        "review_in_days": -10,
        "value_estimate": 30_000_000,
        "points": [
            (
                "配方由24味药材组成，以岗梅根、金钱草、布渣叶为主药，"
                "三者重量比6:3:2；另加火炭母和五指毛桃两味作为本号区别于其他廿四味配方的特有组分，"
                "分别占干药材总重的4.5%和3%。"
            ),
            (
                "陈皮选用新会产、陈化8年以上的柑皮，每百公斤干药材用1.2kg；"
                "甘草须蜜炙，炼蜜与甘草重量比为1:4。"
            ),
            (
                "配方按甲、乙、丙三组分别称配、分组投料，各组药味及配比分别记载，"
                "任何单一岗位均不掌握完整配方。"
            ),
        ],
        "carriers": [
            {
                "kind": "file",
                "name": "祖传配方手抄本及现行配方卡",
                "location": "总经理办公室保险柜（双人双锁）",
                "custodian": "huo.yingzhi@lingnan.example.cn",
                "marking": "核心商密★长期",
            },
            {
                "kind": "material",
                "name": "甲、乙、丙组预配药材包",
                "location": "配料间专用上锁货架",
                "custodian": "huo.yingzhi@lingnan.example.cn",
                "marking": "核心商密★长期",
            },
        ],
        "measures": [
            {
                "kind": "other",
                "description": (
                    "分段投料：甲、乙、丙三组药材由不同人员在不同时间称配，"
                    "投料单只写组别代号，完整配方仅传承人和总经理掌握。"
                ),
                "implemented_on": "2023-08-08",
                "evidence": "分组称配记录、投料单样张",
            },
            {
                "kind": "premises",
                "description": (
                    "配料间设独立门禁，参观通道与生产区隔离，参观者只能在玻璃走廊观看煎制车间。"
                ),
                "implemented_on": "2023-10-01",
                "evidence": "门禁记录、参观路线图",
            },
            {
                "kind": "agreement",
                "description": "传承人和配料员签订保密协议，传承人另签署传承保密承诺书。",
                "implemented_on": "2023-08-08",
                "evidence": "保密协议及传承保密承诺书原件",
            },
        ],
        "grants": [],
    },
    {
        "code": "LN-JS-002",
        "title": "古法煎煮与低温浓缩工艺",
        "secret_type": "technical",
        "level": "core",
        "status": "active",
        "description": "在保留铜锅古法煎煮风味的前提下实现规模化生产的工艺参数。",
        "owner": "huo.yingzhi@lingnan.example.cn",
        "date_identified": "2023-08-08",
        "review_in_days": 75,
        "value_estimate": 8_000_000,
        "points": [
            (
                "药材先用常温清水浸泡45分钟，加水量为药材重量的10倍；"
                "夹层铜锅武火煮沸后转文火保持微沸，第一煎90分钟，"
                "第二煎加水8倍煎60分钟，两煎合并。"
            ),
            (
                "微沸阶段夹层蒸汽压力控制在0.08–0.10MPa、锅内温度98±1℃，"
                "菊花、薄荷等芳香类药材在第一煎最后15分钟后下。"
            ),
            (
                "合并煎液经200目滤布过滤，在真空度-0.08MPa、60℃下浓缩至相对密度1.05（50℃测）"
                "，静置12小时后取上清液灌装。"
            ),
        ],
        "carriers": [
            {
                "kind": "file",
                "name": "凉茶煎制工艺规程（LN-GY-02）",
                "location": "生产技术部受控文件柜",
                "custodian": "huo.yingzhi@lingnan.example.cn",
                "marking": "核心商密★长期",
            },
            {
                "kind": "database",
                "name": "煎制车间温控与投料记录系统",
                "location": "车间工控服务器",
                "custodian": "ou.jiawei@lingnan.example.cn",
                "marking": "核心商密★长期",
            },
        ],
        "measures": [
            {
                "kind": "rules",
                "description": "工艺规程受控发放给煎制班长，员工岗前培训后签署保密确认书。",
                "implemented_on": "2023-10-01",
                "evidence": "受控文件发放记录、培训签到及保密确认书",
            },
            {
                "kind": "devices",
                "description": "车间工控系统与办公网隔离，关闭USB接口，历史数据只能在中控室查看。",
                "implemented_on": "2024-03-15",
                "evidence": "工控系统网络隔离方案及设备检查记录",
            },
        ],
        "grants": [
            {
                "user": "ou.jiawei@lingnan.example.cn",
                "reason": "煎制车间主管，负责工艺执行",
                "valid_until": None,
            },
            {
                "user": "lao.wanqing@lingnan.example.cn",
                "reason": "负责半成品和成品质量检验",
                "valid_until": "2027-08-31",
            },
        ],
    },
    {
        "code": "LN-JY-001",
        "title": "道地药材供货渠道及收购标准",
        "secret_type": "business",
        "level": "important",
        "status": "active",
        "description": "多年合作形成的稳定道地药材供货网络、质量标准和锁价安排。",
        "owner": "liang.shaotang@lingnan.example.cn",
        "date_identified": "2024-02-20",
        "review_in_days": 160,
        "value_estimate": 1_000_000,
        "points": [
            (
                "岗梅根固定从清远连州、广西梧州两地的5家供货户采购，"
                "收购标准为根径1.5–3cm、含水量不超过12%、无霉变虫蛀。"
            ),
            "与供货户签订“保底价+随行就市上浮”的三年协议，每年春节前预付30%货款锁定当年货源。",
        ],
        "carriers": [
            {
                "kind": "file",
                "name": "药材供货户名册及采购协议",
                "location": "采购部档案柜（上锁）",
                "custodian": "liang.shaotang@lingnan.example.cn",
                "marking": "重要商密★3年",
            },
        ],
        "measures": [
            {
                "kind": "agreement",
                "description": "采购协议约定供货户对供货数量和价格保密，采购人员签订保密协议。",
                "implemented_on": "2024-03-01",
                "evidence": "采购协议5份、采购人员保密协议",
            },
            {
                "kind": "rules",
                "description": "供货户名册只由总经理和采购主管保管，付款审批单不列供货户完整地址。",
                "implemented_on": "2024-03-01",
                "evidence": "《采购管理办法》",
            },
        ],
        "grants": [
            {
                "user": "lao.wanqing@lingnan.example.cn",
                "reason": "药材进厂验收需核对收购标准",
                "valid_until": "2027-02-28",
            },
        ],
    },
]

ENTERPRISES: list[dict[str, Any]] = [
    {
        "slug": "huarui",
        "name": "佛山华锐精密机床有限公司",
        "credit_code": "91440606MA4W3K7P2Y",
        "industry": "machinery",
        "region": "广东省佛山市",
        "address": "广东省佛山市南海区狮山镇科技工业园A区华锐路8号",
        "in_base": True,
        "users": [
            {
                "email": "chen.zhiqiang@huarui.example.cn",
                "name": "陈志强",
                "role": "owner_admin",
                "department": "总经理办公室",
            },
            {
                "email": "liang.jianhua@huarui.example.cn",
                "name": "梁建华",
                "role": "secret_owner",
                "department": "技术研发部",
            },
            {
                "email": "he.meiling@huarui.example.cn",
                "name": "何美玲",
                "role": "secret_owner",
                "department": "营销中心",
            },
            {
                "email": "huang.kaiwen@huarui.example.cn",
                "name": "黄凯文",
                "role": "employee",
                "department": "技术研发部",
            },
            {
                "email": "lu.xiaoting@huarui.example.cn",
                "name": "卢晓婷",
                "role": "employee",
                "department": "营销中心",
            },
            {
                "email": "mai.guoliang@huarui.example.cn",
                "name": "麦国良",
                "role": "employee",
                "department": "模具车间",
            },
        ],
        "secrets": _HUARUI_SECRETS,
    },
    {
        "slug": "xianghe",
        "name": "湖南湘禾种业科技有限公司",
        "credit_code": "91430100MA4L8Q1D6G",
        "industry": "seed",
        "region": "湖南省长沙市",
        "address": "湖南省长沙市芙蓉区农科路168号湘禾育种中心",
        "in_base": False,
        "users": [
            {
                "email": "zhou.lihua@xianghe.example.cn",
                "name": "周立华",
                "role": "owner_admin",
                "department": "总经理办公室",
            },
            {
                "email": "tan.zhiyuan@xianghe.example.cn",
                "name": "谭志远",
                "role": "secret_owner",
                "department": "育种研究院",
            },
            {
                "email": "peng.li@xianghe.example.cn",
                "name": "彭莉",
                "role": "secret_owner",
                "department": "市场营销部",
            },
            {
                "email": "liu.haitao@xianghe.example.cn",
                "name": "刘海涛",
                "role": "employee",
                "department": "制种基地管理部",
            },
            {
                "email": "yi.xiaoyan@xianghe.example.cn",
                "name": "易晓燕",
                "role": "employee",
                "department": "分子育种实验室",
            },
            {
                "email": "deng.jun@xianghe.example.cn",
                "name": "邓军",
                "role": "employee",
                "department": "市场营销部",
            },
        ],
        "secrets": _XIANGHE_SECRETS,
    },
    {
        "slug": "yongxin",
        "name": "宁波甬信数智科技有限公司",
        "credit_code": "91330212MA2H7X5R3D",
        "industry": "software",
        "region": "浙江省宁波市",
        "address": "浙江省宁波市鄞州区首南街道研发园B区12幢5楼",
        "in_base": False,
        "users": [
            {
                "email": "wang.jianguo@yongxin.example.cn",
                "name": "王建国",
                "role": "owner_admin",
                "department": "总经理办公室",
            },
            {
                "email": "xu.haiyang@yongxin.example.cn",
                "name": "徐海洋",
                "role": "secret_owner",
                "department": "风控算法部",
            },
            {
                "email": "ying.wenjing@yongxin.example.cn",
                "name": "应文静",
                "role": "secret_owner",
                "department": "金融事业部",
            },
            {
                "email": "zhu.yifan@yongxin.example.cn",
                "name": "朱一帆",
                "role": "employee",
                "department": "风控算法部",
            },
            {
                "email": "chen.siqi@yongxin.example.cn",
                "name": "陈思琪",
                "role": "employee",
                "department": "数据平台部",
            },
            {
                "email": "li.hao@yongxin.example.cn",
                "name": "李昊",
                "role": "employee",
                "department": "金融事业部",
            },
        ],
        "secrets": _YONGXIN_SECRETS,
    },
    {
        "slug": "lingnan",
        "name": "佛山市岭南禅记凉茶有限公司",
        "credit_code": "91440101MA5CWE8N1Q",
        "industry": "food",
        "region": "广东省佛山市",
        "address": "广东省佛山市南海区桂城街道平洲永安路23号",
        "in_base": True,
        "users": [
            {
                "email": "liang.shaotang@lingnan.example.cn",
                "name": "梁绍棠",
                "role": "owner_admin",
                "department": "总经理办公室",
            },
            {
                "email": "huo.yingzhi@lingnan.example.cn",
                "name": "霍颖芝",
                "role": "secret_owner",
                "department": "生产技术部（第五代传承人）",
            },
            {
                "email": "ou.jiawei@lingnan.example.cn",
                "name": "区家伟",
                "role": "employee",
                "department": "煎制车间",
            },
            {
                "email": "lao.wanqing@lingnan.example.cn",
                "name": "劳婉晴",
                "role": "employee",
                "department": "质量部",
            },
        ],
        "secrets": _LINGNAN_SECRETS,
    },
]

DEMO_PASSWORD = "baomi-demo-2026"  # noqa: S105 - published demo password, demo data only
