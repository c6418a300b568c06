import type { Category } from './rule.entity';

export interface LibraryItem {
  code: string;
  name: string;
  category: Category;
  points: number;
  monthlyCap?: number;
  yearlyCap?: number;
  evidenceRequired?: boolean;
  honour?: boolean;
}

/** The county's default "5+x" library; villages override or add items (村规民约). */
export const DEFAULT_LIBRARY: LibraryItem[] = [
  // 爱国守法
  { code: 'LAW_STUDY', name: '参加普法学习', category: '爱国守法', points: 2, monthlyCap: 4 },
  { code: 'MILITARY_SERVICE', name: '家庭成员应征入伍', category: '爱国守法', points: 20, yearlyCap: 40, evidenceRequired: true, honour: true },
  { code: 'ANTI_FRAUD_REPORT', name: '举报电诈涉黑线索经查属实', category: '爱国守法', points: 10, evidenceRequired: true },
  { code: 'FLAG_CEREMONY', name: '参加升旗仪式等爱国活动', category: '爱国守法', points: 2, monthlyCap: 4 },
  { code: 'ILLEGAL_BUILD', name: '违章建房', category: '爱国守法', points: -20 },
  { code: 'GAMBLING', name: '参与赌博', category: '爱国守法', points: -10 },
  { code: 'PETITION_ABUSE', name: '缠访闹访', category: '爱国守法', points: -10 },
  { code: 'DEFAULTER', name: '被列为失信被执行人', category: '爱国守法', points: -20 },
  // 生态宜居
  { code: 'WASTE_SORTING', name: '垃圾分类达标', category: '生态宜居', points: 2, monthlyCap: 8 },
  { code: 'CLEAN_COURTYARD', name: '庭院整洁评比达标', category: '生态宜居', points: 3, monthlyCap: 3 },
  { code: 'VILLAGE_CLEANUP', name: '参加村庄清洁日', category: '生态宜居', points: 3, monthlyCap: 12 },
  { code: 'TREE_PLANTING', name: '参加植树护绿', category: '生态宜居', points: 2, monthlyCap: 6 },
  { code: 'TOILET_UPGRADE', name: '完成户厕改造', category: '生态宜居', points: 5, yearlyCap: 5, evidenceRequired: true },
  { code: 'LITTERING', name: '乱堆乱放', category: '生态宜居', points: -5 },
  { code: 'STRAW_BURNING', name: '焚烧秸秆', category: '生态宜居', points: -10 },
  { code: 'SEWAGE_DUMPING', name: '乱排污水', category: '生态宜居', points: -5 },
  // 产业兴旺
  { code: 'SKILLS_TRAINING', name: '参加农业技能培训', category: '产业兴旺', points: 2, monthlyCap: 4 },
  { code: 'COOPERATIVE_JOIN', name: '加入农民专业合作社', category: '产业兴旺', points: 5, yearlyCap: 5, evidenceRequired: true },
  { code: 'START_BUSINESS', name: '返乡创业带动就业', category: '产业兴旺', points: 10, yearlyCap: 20, evidenceRequired: true },
  { code: 'LAND_TRANSFER', name: '配合土地流转', category: '产业兴旺', points: 3, yearlyCap: 6 },
  { code: 'DEMO_HOUSEHOLD', name: '获评科技示范户', category: '产业兴旺', points: 10, yearlyCap: 10, honour: true },
  { code: 'HELP_NEIGHBOUR_FARM', name: '帮扶困难户生产', category: '产业兴旺', points: 3, monthlyCap: 6 },
  { code: 'LAND_IDLE', name: '耕地撂荒', category: '产业兴旺', points: -5 },
  // 乡风文明
  { code: 'MOST_BEAUTIFUL_FAMILY', name: '获评最美家庭', category: '乡风文明', points: 20, yearlyCap: 20, honour: true },
  { code: 'FILIAL_PIETY', name: '孝老爱亲事迹', category: '乡风文明', points: 5, monthlyCap: 10, evidenceRequired: true },
  { code: 'GOOD_SAMARITAN', name: '见义勇为', category: '乡风文明', points: 20, evidenceRequired: true, honour: true },
  { code: 'FRUGAL_WEDDING', name: '婚事新办丧事简办', category: '乡风文明', points: 5, yearlyCap: 10 },
  { code: 'DONATION', name: '捐资助学助困', category: '乡风文明', points: 3, monthlyCap: 9, evidenceRequired: true },
  { code: 'NEIGHBOUR_DISPUTE', name: '邻里纠纷主动化解', category: '乡风文明', points: 2, monthlyCap: 4 },
  { code: 'EXTRAVAGANT_BANQUET', name: '大操大办', category: '乡风文明', points: -10 },
  { code: 'ELDER_NEGLECT', name: '不赡养老人', category: '乡风文明', points: -20 },
  { code: 'FEUDAL_SUPERSTITION', name: '搞封建迷信活动', category: '乡风文明', points: -5 },
  // 共建共治
  { code: 'VOLUNTEER', name: '参加志愿服务', category: '共建共治', points: 5, monthlyCap: 20 },
  { code: 'ISSUE_DELIBERATION', name: '参与村民说事议事', category: '共建共治', points: 2, monthlyCap: 6 },
  { code: 'VILLAGE_MEETING', name: '参加村民大会', category: '共建共治', points: 2, monthlyCap: 4 },
  { code: 'SAFETY_PATROL', name: '参加治安巡逻', category: '共建共治', points: 3, monthlyCap: 12 },
  { code: 'FLOOD_DUTY', name: '参加防汛抢险', category: '共建共治', points: 5, monthlyCap: 20 },
  { code: 'EPIDEMIC_DUTY', name: '协助防疫值守', category: '共建共治', points: 3, monthlyCap: 12 },
  { code: 'PUBLIC_WORKS', name: '投工投劳参与公益建设', category: '共建共治', points: 5, monthlyCap: 20 },
  { code: 'REFUSE_PUBLIC_DUTY', name: '无故阻挠公共建设', category: '共建共治', points: -10 },
];
