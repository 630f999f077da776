import type { SchoolKind } from '../src/db/schema/index.js';

/**
 * Where generated hazards are found and what is wrong there, by category and by the kind of place:
 * a kindergarten has 活动室 and 午睡室 but no 年级 or 化学实验室, a senior school no 初二, and a training
 * institution its own rooms. Every category has entries for every school kind; institutions only for the
 * categories their inspections cover (fire, electricity, food, premises, licence and management).
 */
export type PlaceKind = SchoolKind | 'institution';

export interface PlaceText {
  place: string;
  problems: string[];
  /** the kinds this place exists at; all school kinds when omitted */
  kinds?: readonly PlaceKind[];
}

const K = ['kindergarten'] as const;
/** schools with grades (every kind but the kindergarten) */
const G = ['primary', 'junior', 'nine_year', 'senior', 'special'] as const;
const PRIMARY = ['primary', 'nine_year'] as const;
const JUNIOR = ['junior', 'nine_year'] as const;
const SECONDARY = ['junior', 'nine_year', 'senior'] as const;
const BOARDING = ['junior', 'nine_year', 'senior', 'special'] as const;

const SCHOOL_TEXT: Record<string, PlaceText[]> = {
  BLD: [
    { place: '教学楼三楼走廊', problems: ['栏杆松动，高度不足 1.1 米'], kinds: G },
    { place: '旧宿舍楼外墙', problems: ['墙体出现裂缝，有掉落风险'], kinds: BOARDING },
    { place: '实验楼屋面', problems: ['屋面渗漏，天花板受潮脱落'], kinds: SECONDARY },
    { place: '围墙东段', problems: ['局部倾斜，有倒塌风险'] },
    { place: '大门雨棚', problems: ['锈蚀严重，有坠落风险'] },
    { place: '保教楼二楼走廊', problems: ['护栏间隙过大，幼儿可钻爬'], kinds: K },
    { place: '幼儿活动室', problems: ['屋面渗漏，天花板受潮脱落'], kinds: K },
  ],
  FIRE: [
    { place: '食堂后厨', problems: ['灭火器过期未更换', '消防栓被遮挡'] },
    { place: '学生宿舍二楼', problems: ['疏散通道堆放杂物'], kinds: BOARDING },
    { place: '图书馆', problems: ['应急照明灯不亮'], kinds: G },
    { place: '教学楼楼梯间', problems: ['安全出口指示灯损坏', '疏散通道堆放杂物'], kinds: G },
    { place: '配电房旁', problems: ['消防栓被遮挡'] },
    { place: '幼儿午睡室', problems: ['疏散通道堆放杂物', '应急照明灯不亮'], kinds: K },
    { place: '保教楼楼梯间', problems: ['安全出口指示灯损坏'], kinds: K },
  ],
  ELEC: [
    { place: '计算机教室', problems: ['插座超负荷使用'], kinds: G },
    { place: '学生宿舍', problems: ['私拉乱接电线'], kinds: BOARDING },
    { place: '配电房', problems: ['配电箱未上锁'] },
    { place: '食堂操作间', problems: ['线路老化，绝缘层破损'] },
    { place: '幼儿活动室', problems: ['插座安装过低，未加装防护盖'], kinds: K },
  ],
  GAS: [
    { place: '食堂后厨', problems: ['燃气管道接口老化，有异味', '燃气报警器失灵'] },
    { place: '锅炉房', problems: ['压力容器未定期检验'], kinds: BOARDING },
    { place: '教学楼电梯', problems: ['年检过期仍在使用'], kinds: SECONDARY },
  ],
  FOOD: [
    { place: '食堂', problems: ['食品留样不足 48 小时', '从业人员健康证过期'] },
    { place: '食堂仓库', problems: ['过期食品未清理'] },
    { place: '二次供水水箱', problems: ['未按期清洗消毒'] },
    { place: '校内小卖部', problems: ['销售无标签食品'], kinds: SECONDARY },
  ],
  HLTH: [
    { place: '医务室', problems: ['传染病登记不完整'], kinds: G },
    { place: '各班教室', problems: ['晨午检记录缺失'], kinds: G },
    { place: '学生宿舍', problems: ['消毒记录不全'], kinds: BOARDING },
    { place: '保健室', problems: ['晨午检记录缺失', '传染病登记不完整'], kinds: K },
    { place: '幼儿午睡室', problems: ['消毒记录不全'], kinds: K },
  ],
  CHEM: [
    { place: '化学实验室', problems: ['危化品未双人双锁管理', '通风设备故障'], kinds: SECONDARY },
    { place: '危化品储存柜', problems: ['实验药品过期未处置'], kinds: SECONDARY },
    { place: '生物实验室', problems: ['通风设备故障'], kinds: SECONDARY },
    { place: '科学教室药品柜', problems: ['酒精等易燃品未专柜存放', '实验药品过期未处置'], kinds: ['primary', 'nine_year', 'special'] },
    { place: '保健室消毒用品柜', problems: ['消毒剂未专柜上锁存放'], kinds: K },
    { place: '保洁工具间', problems: ['84 消毒液与清洁剂混放'], kinds: K },
  ],
  TRAF: [
    { place: '大门口路段', problems: ['缺少减速带和警示标志', '上下学高峰无交通疏导'] },
    { place: '东侧路口', problems: ['缺少减速带和警示标志'] },
    { place: '校车停靠点', problems: ['非法营运车辆接送学生', '校车超载'], kinds: G },
    { place: '家长接送点', problems: ['非法营运车辆接送幼儿', '接送车辆乱停占道'], kinds: K },
  ],
  SEC: [
    { place: '大门口', problems: ['防冲撞设施缺失'] },
    { place: '周界围墙', problems: ['监控摄像头损坏'] },
    { place: '监控室', problems: ['一键报警装置未联网'] },
    { place: '门卫室', problems: ['保安配备不足'] },
  ],
  SURR: [
    { place: '大门口 50 米内', problems: ['无证流动摊贩聚集'] },
    { place: '周边 100 米', problems: ['网吧距离学校过近', '彩票销售点距离过近'], kinds: G },
    { place: '周边 200 米', problems: ['向未成年人售烟'], kinds: G },
    { place: '周边 100 米', problems: ['占道经营，挤占接送通道'], kinds: K },
  ],
  STAB: [
    { place: '周边街巷', problems: ['周边有重点人员活动', '涉校矛盾苗头'] },
    { place: '家长接送区', problems: ['家校纠纷未化解'] },
  ],
  BULLY: [
    { place: '初二年级', problems: ['发现欺凌苗头'], kinds: JUNIOR },
    { place: '高一年级', problems: ['发现欺凌苗头', '学生心理危机未及时干预'], kinds: ['senior'] },
    { place: '五年级', problems: ['发现欺凌苗头'], kinds: PRIMARY },
    { place: '心理咨询室', problems: ['未按规定开放，无专人值守'], kinds: G },
    { place: '学生宿舍', problems: ['学生心理危机未及时干预'], kinds: BOARDING },
    { place: '中班活动室', problems: ['保教人员言行不当，有体罚苗头'], kinds: K },
    { place: '大班活动室', problems: ['幼儿情绪异常未及时关注'], kinds: K },
  ],
  NAT: [
    { place: '后山边坡', problems: ['有滑坡隐患'] },
    { place: '排水沟', problems: ['排水不畅，雨季易积水'] },
    { place: '避雷设施', problems: ['未按期检测'] },
  ],
  DROWN: [
    { place: '附近河段', problems: ['缺少防溺水警示牌', '救生设施缺失'] },
    { place: '村内池塘', problems: ['缺少防溺水警示牌', '护栏损坏'] },
    { place: '水库边', problems: ['护栏损坏'], kinds: G },
  ],
  ACT: [
    { place: '操场篮球架', problems: ['底座松动'], kinds: G },
    { place: '体育器材室', problems: ['单杠锈蚀'], kinds: G },
    { place: '礼堂', problems: ['大型活动无安全预案'], kinds: G },
    { place: '户外大型玩具', problems: ['滑梯护栏松动', '攀爬架螺丝松脱'], kinds: K },
    { place: '多功能厅', problems: ['大型活动无安全预案'], kinds: K },
  ],
  MGMT: [
    { place: '安全办', problems: ['安全责任书未签订', '应急演练未按期开展', '隐患台账不完整'], kinds: G },
    { place: '德育处', problems: ['应急演练未按期开展'], kinds: SECONDARY },
    { place: '园务办公室', problems: ['安全责任书未签订', '应急疏散演练未按期开展', '隐患台账不完整'], kinds: K },
  ],
};

/** The institutions' own places, for the categories a training institution is inspected for. */
const INSTITUTION_TEXT: Record<string, PlaceText[]> = {
  FIRE: [
    { place: '培训教室', problems: ['安全出口上锁', '疏散通道堆放杂物'] },
    { place: '前台接待区', problems: ['灭火器过期未更换'] },
    { place: '楼梯间', problems: ['应急照明灯不亮'] },
    { place: '舞蹈练功房', problems: ['使用易燃材料装修'] },
  ],
  FOOD: [{ place: '午托分餐区', problems: ['从业人员健康证过期', '食品留样不足 48 小时'] }],
  BLD: [
    { place: '培训场所', problems: ['设在地下室，疏散条件不足'] },
    { place: '外墙广告牌', problems: ['固定件锈蚀松动'] },
  ],
  MGMT: [
    { place: '前台接待区', problems: ['未公示办学许可证', '从业人员未进行无犯罪记录查询'] },
    { place: '培训教室', problems: ['教学区未安装视频监控', '超出许可范围开设学科类培训'] },
  ],
};

/** The entries for a category at a kind of place (empty: the category does not apply there). */
export function placesFor(categoryCode: string, kind: PlaceKind): PlaceText[] {
  const table = kind === 'institution' ? INSTITUTION_TEXT : SCHOOL_TEXT;
  return (table[categoryCode] ?? []).filter((p) => (p.kinds ?? (kind === 'institution' ? ['institution'] : [...G, ...K])).includes(kind));
}

/** The categories inspected at training institutions. */
export const INSTITUTION_CATEGORIES = Object.keys(INSTITUTION_TEXT);
